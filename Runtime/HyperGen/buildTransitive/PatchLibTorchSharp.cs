// The TorchSharp native fix, compiled by MSBuild's RoslynCodeTaskFactory from HyperGen.targets.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13 and so asks for GLIBCXX_3.4.32,
// which Debian 12 and Ubuntu 22.04 lack; the loader then refuses the library and TorchSharp fails with
// a misleading "doesn't contain a reference to libtorch-cpu-linux-x64". The only symbol behind that
// version is std::ios_base_library_init(), a bare reference <iostream> emits and nothing calls. Marking
// that one version requirement WEAK (VER_FLG_WEAK in its .gnu.version_r entry) lets the system
// libstdc++ satisfy the library.
//
// Rules this file keeps: it only touches the copy in a build or publish output (never the NuGet cache:
// the patched bytes go to a temporary file that is renamed over the output copy, which breaks any hard
// link); it decides by content, so running it twice changes nothing; and whenever the library does not
// look exactly as measured it leaves the file alone and says why.
//
// Keep this file to what RoslynCodeTaskFactory compiles: one file, netstandard + MSBuild references.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HyperGen.Build
{
    /// <summary>MSBuild task: weakens libLibTorchSharp.so's GLIBCXX_3.4.32 requirement in output folders.</summary>
    public sealed class PatchLibTorchSharp : Task
    {
        /// <summary>The output copies of libLibTorchSharp.so to inspect.</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary><c>auto</c> (patch only when the system libstdc++ lacks the version), <c>always</c> or <c>never</c>.</summary>
        public string Mode { get; set; } = "auto";

        /// <summary>Overrides the libstdc++ the check reads (tests; unusual systems). Empty: the one this process loaded.</summary>
        public string SystemLibStdCxx { get; set; } = "";

        /// <inheritdoc />
        public override bool Execute()
        {
            string mode = (Mode ?? "auto").Trim().ToLowerInvariant();
            if (mode == "never" || mode == "false")
                return true;
            if (mode != "auto" && mode != "always" && mode != "true")
            {
                Log.LogWarning(null, "HG9002", null, null, 0, 0, 0, 0,
                    "HyperGenPatchLibTorchSharp is '{0}'; expected auto, always or never. The TorchSharp native library was left alone.", Mode);
                return true;
            }
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                return true;

            if (mode == "auto")
            {
                string? libstdcxx = string.IsNullOrEmpty(SystemLibStdCxx) ? LibStdCxxLocator.Find() : SystemLibStdCxx;
                if (libstdcxx == null)
                {
                    Log.LogMessage(MessageImportance.Low, "HyperGen: no system libstdc++ found; libLibTorchSharp.so left alone.");
                    return true;
                }
                if (ElfVersionPatch.DefinesVersion(libstdcxx, ElfVersionPatch.GlibcxxVersion))
                {
                    Log.LogMessage(MessageImportance.Low, "HyperGen: {0} provides {1}; no patch needed.", libstdcxx, ElfVersionPatch.GlibcxxVersion);
                    return true;
                }
            }

            foreach (ITaskItem item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path))
                    continue;
                PatchResult result = ElfVersionPatch.PatchFile(path);
                switch (result.Outcome)
                {
                    case PatchOutcome.Patched:
                        Log.LogMessage(MessageImportance.Normal, "HyperGen: marked {0} weak in {1} so TorchSharp loads with this system's libstdc++.", ElfVersionPatch.GlibcxxVersion, path);
                        break;
                    case PatchOutcome.AlreadyWeak:
                    case PatchOutcome.NotRequired:
                        Log.LogMessage(MessageImportance.Low, "HyperGen: {0}: {1}", path, result.Reason);
                        break;
                    default:
                        Log.LogWarning(null, "HG9001", null, path, 0, 0, 0, 0,
                            "HyperGen left {0} unpatched: {1} TorchSharp may fail to load on this system (GLIBCXX_3.4.32 missing). See docs/diagnostics/HG9001.md.", path, result.Reason);
                        break;
                }
            }
            return !Log.HasLoggedErrors;
        }
    }

    /// <summary>What <see cref="ElfVersionPatch"/> did to a file.</summary>
    public enum PatchOutcome
    {
        /// <summary>The requirement was strong and is now weak (one flag bit changed).</summary>
        Patched,
        /// <summary>The requirement is already weak; nothing written.</summary>
        AlreadyWeak,
        /// <summary>The library does not ask for the version at all; nothing written.</summary>
        NotRequired,
        /// <summary>The file does not look as measured; nothing written. <see cref="PatchResult.Reason"/> says why.</summary>
        Refused,
    }

    /// <summary>Outcome plus a human-readable reason.</summary>
    public readonly struct PatchResult
    {
        public PatchResult(PatchOutcome outcome, string reason, long flagsOffset)
        {
            Outcome = outcome;
            Reason = reason;
            FlagsOffset = flagsOffset;
        }

        public PatchOutcome Outcome { get; }
        public string Reason { get; }
        /// <summary>File offset of the <c>vna_flags</c> field of the requirement, or -1.</summary>
        public long FlagsOffset { get; }
    }

    /// <summary>Finds the libstdc++ the dynamic loader would give TorchSharp.</summary>
    public static class LibStdCxxLocator
    {
        static readonly string[] Candidates =
        {
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        /// <summary>The libstdc++ mapped into this process (the dotnet host links it), else the first standard path that exists.</summary>
        public static string? Find()
        {
            try
            {
                foreach (string line in File.ReadAllLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash >= 0 && line.IndexOf("libstdc++.so", slash, StringComparison.Ordinal) >= 0)
                        return line.Substring(slash).Trim();
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            foreach (string candidate in Candidates)
                if (File.Exists(candidate))
                    return candidate;
            return null;
        }
    }

    /// <summary>
    /// Reads ELF64 little-endian version sections and flips VER_FLG_WEAK on one requirement.
    /// Section layouts: System V gABI and the LSB "Symbol Versioning" chapter.
    /// </summary>
    public static class ElfVersionPatch
    {
        public const string GlibcxxVersion = "GLIBCXX_3.4.32";
        public const string LibStdCxxSoname = "libstdc++.so.6";
        /// <summary>The one symbol measured behind GLIBCXX_3.4.32: std::ios_base_library_init().</summary>
        public const string ExpectedSymbol = "_ZSt21ios_base_library_initv";

        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const ushort VerFlgWeak = 0x2;

        /// <summary>Patches <paramref name="path"/> in place (via a temporary file and a rename).</summary>
        public static PatchResult PatchFile(string path)
        {
            byte[] image = File.ReadAllBytes(path);
            PatchResult result = Analyse(image, GlibcxxVersion, LibStdCxxSoname, ExpectedSymbol);
            if (result.Outcome != PatchOutcome.Patched)
                return result;

            ushort flags = BitConverter.ToUInt16(image, (int)result.FlagsOffset);
            flags |= VerFlgWeak;
            image[result.FlagsOffset] = (byte)flags;
            image[result.FlagsOffset + 1] = (byte)(flags >> 8);

            // Write a sibling, then rename it over the original: the rename is atomic, keeps readers of the
            // old file intact, and gives the output copy its own inode (a hard link into the NuGet cache
            // is broken, never written through).
            string temp = path + ".hypergen-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(path, temp); // carries the file mode (the library must stay executable)
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    stream.Position = result.FlagsOffset;
                    stream.Write(image, (int)result.FlagsOffset, 2);
                }
                File.Delete(path);
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
            return result;
        }

        /// <summary>Decides what to do with <paramref name="image"/> without changing it.</summary>
        public static PatchResult Analyse(byte[] image, string version, string soname, string expectedSymbol)
        {
            try
            {
                var elf = new Elf64(image);
                Section? verneed = elf.FindSection(ShtGnuVerneed);
                if (verneed == null)
                    return Refuse("it has no .gnu.version_r section, so its layout is not the one HyperGen was measured on.");
                Section dynstr = elf.Section((int)verneed.Value.Link);

                long flagsOffset = -1;
                int versionIndex = -1;
                bool weak = false;
                long entry = verneed.Value.Offset;
                for (uint i = 0; i < verneed.Value.Info; i++)
                {
                    ushort count = elf.U16(entry + 2);
                    string file = elf.String(dynstr, elf.U32(entry + 4));
                    long aux = entry + elf.U32(entry + 8);
                    for (int j = 0; j < count; j++)
                    {
                        if (file == soname && elf.String(dynstr, elf.U32(aux + 8)) == version)
                        {
                            if (flagsOffset >= 0)
                                return Refuse("it lists " + version + " twice.");
                            flagsOffset = aux + 4;
                            weak = (elf.U16(aux + 4) & VerFlgWeak) != 0;
                            versionIndex = elf.U16(aux + 6) & 0x7fff;
                        }
                        uint nextAux = elf.U32(aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = elf.U32(entry + 12);
                    if (next == 0) break;
                    entry += next;
                }

                if (flagsOffset < 0)
                    return new PatchResult(PatchOutcome.NotRequired, "it does not require " + version + ".", -1);
                if (weak)
                    return new PatchResult(PatchOutcome.AlreadyWeak, version + " is already a weak requirement.", flagsOffset);

                // The patch is only safe while the version guards nothing but the never-called symbol.
                Section? versym = elf.FindSection(ShtGnuVersym);
                if (versym == null)
                    return Refuse("it has no .gnu.version section to tell which symbols need " + version + ".");
                Section dynsym = elf.Section((int)versym.Value.Link);
                Section symbolNames = elf.Section((int)dynsym.Link);
                long symbols = versym.Value.Size / 2;
                var users = new List<string>();
                for (long s = 0; s < symbols; s++)
                {
                    if ((elf.U16(versym.Value.Offset + 2 * s) & 0x7fff) != versionIndex)
                        continue;
                    users.Add(elf.String(symbolNames, elf.U32(dynsym.Offset + dynsym.EntrySize * s)));
                }
                if (users.Count != 1 || users[0] != expectedSymbol)
                    return Refuse(version + " now covers " + users.Count + " symbol(s) (" + string.Join(", ", users) +
                                  "), not only " + expectedSymbol + "; weakening it could hide a real dependency.");
                return new PatchResult(PatchOutcome.Patched, "requirement " + version + " made weak.", flagsOffset);
            }
            catch (FormatException e)
            {
                return Refuse(e.Message);
            }
        }

        /// <summary>True when the ELF file at <paramref name="path"/> defines symbol version <paramref name="version"/>.</summary>
        public static bool DefinesVersion(string path, string version)
        {
            try
            {
                var elf = new Elf64(File.ReadAllBytes(path));
                Section? verdef = elf.FindSection(ShtGnuVerdef);
                if (verdef == null)
                    return false;
                Section strings = elf.Section((int)verdef.Value.Link);
                long entry = verdef.Value.Offset;
                for (uint i = 0; i < verdef.Value.Info; i++)
                {
                    // Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
                    long aux = entry + elf.U32(entry + 12);
                    if (elf.String(strings, elf.U32(aux)) == version)
                        return true;
                    uint next = elf.U32(entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
                return false;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        static PatchResult Refuse(string reason) => new PatchResult(PatchOutcome.Refused, reason, -1);
    }

    /// <summary>One section header: just the fields the patch needs.</summary>
    public struct Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
        public long EntrySize;
    }

    /// <summary>A bounds-checked view of an ELF64 little-endian image. Any inconsistency is a <see cref="FormatException"/>.</summary>
    public sealed class Elf64
    {
        readonly byte[] _image;
        readonly Section[] _sections;

        public Elf64(byte[] image)
        {
            _image = image;
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new FormatException("it is not an ELF file.");
            if (image[4] != 2 || image[5] != 1)
                throw new FormatException("it is not a 64-bit little-endian ELF file.");
            long shoff = (long)U64(0x28);
            ushort shentsize = U16(0x3A);
            ushort shnum = U16(0x3C);
            if (shoff <= 0 || shentsize < 64 || shnum == 0)
                throw new FormatException("it has no section header table.");
            _sections = new Section[shnum];
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                var s = new Section
                {
                    Type = U32(h + 4),
                    Offset = (long)U64(h + 24),
                    Size = (long)U64(h + 32),
                    Link = U32(h + 40),
                    Info = U32(h + 44),
                    EntrySize = (long)U64(h + 56),
                };
                if (s.Type != 8 /* SHT_NOBITS */ && (s.Offset < 0 || s.Size < 0 || s.Offset + s.Size > image.Length))
                    throw new FormatException("section " + i + " lies outside the file (truncated library?).");
                _sections[i] = s;
            }
        }

        public Section? FindSection(uint type)
        {
            foreach (Section s in _sections)
                if (s.Type == type)
                    return s;
            return null;
        }

        public Section Section(int index)
        {
            if (index <= 0 || index >= _sections.Length)
                throw new FormatException("a section links to section " + index + ", which does not exist.");
            return _sections[index];
        }

        public string String(Section table, uint offset)
        {
            long start = table.Offset + offset;
            long end = table.Offset + table.Size;
            if (offset >= table.Size)
                throw new FormatException("a name points outside its string table.");
            long stop = start;
            while (stop < end && _image[stop] != 0) stop++;
            if (stop == end)
                throw new FormatException("a name in the string table is not terminated.");
            return Encoding.ASCII.GetString(_image, (int)start, (int)(stop - start));
        }

        public ushort U16(long at) { Check(at, 2); return (ushort)(_image[at] | _image[at + 1] << 8); }
        public uint U32(long at) { Check(at, 4); return BitConverter.ToUInt32(_image, (int)at); }
        public ulong U64(long at) { Check(at, 8); return BitConverter.ToUInt64(_image, (int)at); }

        void Check(long at, int size)
        {
            if (at < 0 || at + size > _image.Length)
                throw new FormatException("a version entry points outside the file (truncated library?).");
        }
    }
}
