using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using HyperGen.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Xunit;

namespace HyperGen.Runtime.Tests.Native;

/// <summary>
/// The TorchSharp native fix on copies of the real shipped libraries (the NuGet cache is only read):
/// exactly one flag changes, a second run changes nothing, anything unexpected is left byte-identical.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ElfPatchTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-elf-").FullName;

    static string PackageDir(string key) => typeof(ElfPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    static string ShippedLibTorchSharp => Path.Combine(PackageDir("TorchSharpPackageDir"), "runtimes/linux-x64/native/libLibTorchSharp.so");
    static string ShippedLibC10 => Path.Combine(PackageDir("LibTorchPackageDir"), "runtimes/linux-x64/native/libc10.so");

    string Copy(string source, string name)
    {
        string path = Path.Combine(_dir, name);
        File.Copy(source, path);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_shipped_library_gets_exactly_one_flag_bit_and_a_second_run_changes_nothing()
    {
        byte[] original = File.ReadAllBytes(ShippedLibTorchSharp);
        string path = Copy(ShippedLibTorchSharp, "libLibTorchSharp.so");

        var first = ElfVersionPatch.PatchFile(path);
        Assert.Equal(PatchOutcome.Patched, first.Outcome);
        byte[] patched = File.ReadAllBytes(path);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Equal(new[] { (int)first.FlagsOffset }, changed);             // one byte …
        Assert.Equal(0x2, original[changed[0]] ^ patched[changed[0]]);       // … one bit: VER_FLG_WEAK

        var second = ElfVersionPatch.PatchFile(path);
        Assert.Equal(PatchOutcome.AlreadyWeak, second.Outcome);
        Assert.Equal(patched, File.ReadAllBytes(path));

        // The pristine package file is untouched.
        Assert.Equal(original, File.ReadAllBytes(ShippedLibTorchSharp));
    }

    [Fact]
    public void The_patched_copy_stays_executable()
    {
        string path = Copy(ShippedLibTorchSharp, "libLibTorchSharp.so");
        var before = File.GetUnixFileMode(path);
        ElfVersionPatch.PatchFile(path);
        Assert.Equal(before, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_byte_identical()
    {
        byte[] original = File.ReadAllBytes(ShippedLibC10);
        string path = Copy(ShippedLibC10, "libc10.so");
        Assert.Equal(PatchOutcome.NotRequired, ElfVersionPatch.PatchFile(path).Outcome);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_second_symbol_behind_the_version_makes_it_refuse()
    {
        // Point another symbol's version index at GLIBCXX_3.4.32: weakening would then hide a real dependency.
        byte[] image = File.ReadAllBytes(ShippedLibTorchSharp);
        var elf = new Elf64(image);
        var versym = elf.FindSection(0x6fffffff)!.Value;
        long count = versym.Size / 2;
        int target = -1, other = -1;
        for (long s = 1; s < count; s++)
        {
            int v = elf.U16(versym.Offset + 2 * s) & 0x7fff;
            if (v == 18) target = (int)s;          // readelf -V: GLIBCXX_3.4.32 is version 18 in 0.107.0
            else if (v > 1 && other < 0) other = (int)s;
        }
        Assert.True(target > 0 && other > 0);
        image[versym.Offset + 2 * other] = 18;
        image[versym.Offset + 2 * other + 1] = 0;
        string path = Path.Combine(_dir, "two-users.so");
        File.WriteAllBytes(path, image);

        var result = ElfVersionPatch.PatchFile(path);
        Assert.Equal(PatchOutcome.Refused, result.Outcome);
        Assert.Contains("covers 2 symbol(s)", result.Reason);
        Assert.Equal(image, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_missing_version_section_makes_it_refuse()
    {
        byte[] image = File.ReadAllBytes(ShippedLibTorchSharp);
        // Rename the section type of .gnu.version_r to SHT_PROGBITS in the section header table.
        long shoff = BitConverter.ToInt64(image, 0x28);
        int shentsize = BitConverter.ToUInt16(image, 0x3A), shnum = BitConverter.ToUInt16(image, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long at = shoff + (long)i * shentsize + 4;
            if (BitConverter.ToUInt32(image, (int)at) == 0x6ffffffe)
                BitConverter.GetBytes(1u).CopyTo(image, at);
        }
        string path = Path.Combine(_dir, "no-verneed.so");
        File.WriteAllBytes(path, image);
        var result = ElfVersionPatch.PatchFile(path);
        Assert.Equal(PatchOutcome.Refused, result.Outcome);
        Assert.Contains(".gnu.version_r", result.Reason);
        Assert.Equal(image, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300_000)]
    public void A_truncated_or_foreign_file_is_refused_not_corrupted(int length)
    {
        byte[] image = File.ReadAllBytes(ShippedLibTorchSharp)[..length];
        string path = Path.Combine(_dir, "truncated.so");
        File.WriteAllBytes(path, image);
        Assert.Equal(PatchOutcome.Refused, ElfVersionPatch.PatchFile(path).Outcome);
        Assert.Equal(image, File.ReadAllBytes(path));

        File.WriteAllText(path, "not an ELF file at all, but long enough to have a header of sixty-four bytes ....");
        Assert.Contains("not an ELF", ElfVersionPatch.PatchFile(path).Reason);
    }

    [Fact]
    public void The_system_libstdcxx_is_found_and_read()
    {
        string? lib = LibStdCxxLocator.Find();
        Assert.NotNull(lib);
        Assert.True(ElfVersionPatch.DefinesVersion(lib!, "GLIBCXX_3.4.19"));          // every libstdc++ since GCC 4.8
        Assert.False(ElfVersionPatch.DefinesVersion(lib!, "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void The_task_warns_with_HG9001_and_leaves_an_unexpected_file_alone()
    {
        string path = Path.Combine(_dir, "libLibTorchSharp.so");
        byte[] junk = File.ReadAllBytes(ShippedLibTorchSharp)[..1000];
        File.WriteAllBytes(path, junk);
        var engine = new RecordingEngine();
        var task = new PatchLibTorchSharp { BuildEngine = engine, Files = [new TaskItem(path)], Mode = "always" };
        Assert.True(task.Execute());
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("HG9001", warning.Code);
        Assert.Contains("left", warning.Message);
        Assert.Equal(junk, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_task_skips_the_patch_when_the_system_libstdcxx_has_the_version()
    {
        // A stand-in "system libstdc++" that defines GLIBCXX_3.4.32: the patch must not run.
        string fakeStdCxx = Path.Combine(_dir, "fake-libstdc++.so.6");
        File.Copy(LibStdCxxLocator.Find()!, fakeStdCxx);
        bool hasIt = ElfVersionPatch.DefinesVersion(fakeStdCxx, ElfVersionPatch.GlibcxxVersion);
        string path = Copy(ShippedLibTorchSharp, "libLibTorchSharp.so");
        byte[] original = File.ReadAllBytes(path);
        var task = new PatchLibTorchSharp { BuildEngine = new RecordingEngine(), Files = [new TaskItem(path)], Mode = "auto", SystemLibStdCxx = fakeStdCxx };
        Assert.True(task.Execute());
        // On this machine (Debian 12) the system lacks the version, so auto patches; where it has it, auto leaves the file alone.
        Assert.Equal(hasIt, original.SequenceEqual(File.ReadAllBytes(path)));

        var never = new PatchLibTorchSharp { BuildEngine = new RecordingEngine(), Files = [new TaskItem(Copy(ShippedLibTorchSharp, "b.so"))], Mode = "never" };
        Assert.True(never.Execute());
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(_dir, "b.so")));
    }

    [Fact]
    public void The_output_copy_this_test_process_loaded_was_patched_when_needed()
    {
        // The build ran the fix on this test project's own output; TorchSharpLoadsTests proves it loads.
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes/linux-x64/native/libLibTorchSharp.so");
        Assert.True(File.Exists(output), output);
        bool systemHasIt = ElfVersionPatch.DefinesVersion(LibStdCxxLocator.Find()!, ElfVersionPatch.GlibcxxVersion);
        var state = ElfVersionPatch.Analyse(File.ReadAllBytes(output), ElfVersionPatch.GlibcxxVersion, ElfVersionPatch.LibStdCxxSoname, ElfVersionPatch.ExpectedSymbol);
        Assert.Equal(systemHasIt ? PatchOutcome.Patched : PatchOutcome.AlreadyWeak, state.Outcome);
    }

    sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildWarningEventArgs> Warnings { get; } = [];
        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
        public void LogErrorEvent(BuildErrorEventArgs e) => throw new InvalidOperationException(e.Message);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test";
    }
}
