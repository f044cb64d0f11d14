using System;
using System.IO;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoint.Save failures name the user's path (never the temporary file it writes first) and lose nothing: the
/// previous checkpoint stays byte-for-byte, and no temporary file is left behind.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // permissions, sysfs and symbolic links as Linux has them
public sealed class CheckpointSaveTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-save-").FullName;
    readonly MixedModule _model;

    public CheckpointSaveTests()
    {
        manual_seed(21);
        _model = new MixedModule();
    }

    public void Dispose()
    {
        _model.Dispose();
        foreach (var d in Directory.EnumerateDirectories(_dir, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The exception's message names <paramref name="path"/> and no temporary file; the folder holds no temporary file.</summary>
    static void NamesOnly(Exception e, string path, string? folder = null)
    {
        Assert.Contains($"'{path}'", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        if (folder is not null && Directory.Exists(folder))
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string path = Path.Combine(_dir, "no", "such", "m.ckpt");
        var e = Assert.Throws<DirectoryNotFoundException>(() => _model.Save(path));
        NamesOnly(e, path);
        Assert.Contains($"the folder '{Path.Combine(_dir, "no", "such")}' does not exist", e.Message);
    }

    [Fact]
    public void A_file_where_the_folder_should_be_is_named()
    {
        string file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "keep me");
        string path = Path.Combine(file, "m.ckpt");
        var e = Assert.Throws<DirectoryNotFoundException>(() => _model.Save(path));
        NamesOnly(e, path);
        Assert.Contains($"'{file}' is a file, not a folder", e.Message);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void A_path_that_is_a_folder_is_refused_and_the_folder_left_alone()
    {
        string folder = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a");
        var e = Assert.Throws<IOException>(() => _model.Save(folder));
        NamesOnly(e, folder, folder);
        Assert.Contains("that is a folder", e.Message);
        Assert.Equal(["a.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_named_and_nothing_is_left_there()
    {
        // Root ignores permission bits, so as root the test uses sysfs, which refuses new files even to root.
        string folder = Environment.UserName == "root" ? "/sys" : ReadOnlyFolder();
        string path = Path.Combine(folder, "m.ckpt");
        var e = Assert.Throws<UnauthorizedAccessException>(() => _model.Save(path));
        NamesOnly(e, path, folder);
        Assert.Contains("Any previous file there is unchanged", e.Message);
        Assert.False(File.Exists(path));
    }

    string ReadOnlyFolder()
    {
        string folder = Path.Combine(_dir, "read-only");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return folder;
    }

    [Fact]
    public void A_save_that_fails_while_writing_keeps_the_previous_checkpoint_byte_for_byte()
    {
        string path = Path.Combine(_dir, "m.ckpt");
        _model.Save(path);
        byte[] before = File.ReadAllBytes(path);

        using var broken = new FailsHalfWay();
        var e = Assert.ThrowsAny<Exception>(() => broken.Save(path));     // TorchSharp's own error, propagated as it is
        Assert.DoesNotContain(".tmp", e.Message);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.ckpt"], Directory.GetFiles(_dir).Select(Path.GetFileName));   // the half-written temporary file is gone
        using var reloaded = new MixedModule();
        reloaded.Load(path);
        Assert.True(reloaded.Matches(_model.Snapshot()));
    }

    /// <summary>A module whose second tensor lives on the meta device (shape only, no data): the writer fails after the first.</summary>
    sealed class FailsHalfWay : nn.Module
    {
#pragma warning disable IDE0052 // registered by RegisterComponents
        readonly Tensor first = ones(1000);
        readonly Tensor second = empty(4, device: META);
#pragma warning restore IDE0052
        public FailsHalfWay() : base(nameof(FailsHalfWay)) => RegisterComponents();
    }

    [Fact]
    public void Saving_through_a_symbolic_link_replaces_the_target_and_keeps_the_link()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "run3"));
        string target = Path.Combine(_dir, "run3", "model.ckpt"), link = Path.Combine(_dir, "latest.ckpt");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);

        _model.Save(link);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        using var reloaded = new MixedModule();
        reloaded.Load(target);
        Assert.True(reloaded.Matches(_model.Snapshot()));
    }

    [Fact]
    public void Overwriting_keeps_the_files_permissions()
    {
        string path = Path.Combine(_dir, "private.ckpt");
        _model.Save(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _model.Save(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Saves_the_bytes_TorchSharp_writes()
    {
        string ours = Path.Combine(_dir, "ours.ckpt"), theirs = Path.Combine(_dir, "theirs.ckpt");
        _model.Save(ours);
        _model.save(theirs);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
    }

    [Fact]
    public void A_module_with_non_contiguous_tensors_saves_and_loads_back_bit_exactly()
    {
        // A transposed weight (e.g. tied to another layer's weight.t()) and a strided buffer. Before: TorchSharp's writer
        // threw "Bytes() called on non-contiguous tensor", so such a model could not be saved at all.
        manual_seed(22);
        using var model = new StridedModule();
        Assert.False(model.weight.is_contiguous());
        string path = Path.Combine(_dir, "strided.ckpt");
        model.Save(path);

        using var reloaded = new StridedModule();
        reloaded.Load(path);
        Assert.True(reloaded.weight.equal(model.weight).all().item<bool>());
        Assert.True(reloaded.every_other.equal(model.every_other).all().item<bool>());
        using var contiguous = new ContiguousTwin();
        contiguous.Load(path); // the file holds plain row-major tensors of the logical shape
        Assert.True(contiguous.weight.equal(model.weight).all().item<bool>());
    }

    sealed class StridedModule : nn.Module
    {
#pragma warning disable IDE0044, CS0414
        public TorchSharp.Modules.Parameter weight = new(randn(4, 3).t());
        public Tensor every_other = arange(10, float32).narrow(0, 0, 10).view(5, 2).select(1, 0);
#pragma warning restore IDE0044, CS0414
        public StridedModule() : base(nameof(StridedModule)) => RegisterComponents();
    }

    sealed class ContiguousTwin : nn.Module
    {
#pragma warning disable IDE0044, CS0414
        public TorchSharp.Modules.Parameter weight = new(zeros(3, 4));
        public Tensor every_other = zeros(5);
#pragma warning restore IDE0044, CS0414
        public ContiguousTwin() : base(nameof(StridedModule)) => RegisterComponents();
    }

    [Fact]
    public void A_device_or_pipe_at_the_path_is_refused_and_left_in_place()
    {
        // A save renames a new file over the path. Before, that replaced a named pipe with a regular file, and as root
        // (CI, containers) Save("/dev/null") would have replaced the machine's /dev/null device with a checkpoint.
        string pipe = Path.Combine(_dir, "pipe.ckpt");
        Run("mkfifo", pipe);
        var e = Assert.Throws<IOException>(() => _model.Save(pipe));
        Assert.Contains($"'{pipe}': it is a pipe (FIFO), not a regular file", e.Message);
        Assert.Contains("Nothing was written", e.Message);
        using var optimizer = new HyperGen.Optim.HyperAdam(_model.parameters());
        Assert.Throws<IOException>(() => optimizer.Save(pipe));
        Assert.Equal("fifo", FileType(pipe));
        Assert.Equal(["pipe.ckpt"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));

        if (Environment.UserName != "root")
            return; // making a device node needs root
        string device = Path.Combine(_dir, "null");
        Run("mknod", device, "c", "1", "3");
        e = Assert.Throws<IOException>(() => _model.Save(device));
        Assert.Contains("it is a character device", e.Message);
        Assert.Equal("character special file", FileType(device));
    }

    static string FileType(string path) => Run("stat", "-c", "%F", path).Trim();

    static string Run(string program, params string[] arguments)
    {
        var (exit, output) = HyperGen.Tests.Shared.ChildProcess.Run(program, Path.GetTempPath(), TimeSpan.FromSeconds(30), arguments);
        Assert.True(exit == 0, $"{program} failed: {output}");
        return output;
    }
}
