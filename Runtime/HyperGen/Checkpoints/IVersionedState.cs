using System;
using System.Collections.Generic;

namespace HyperGen;

/// <summary>
/// A module whose saved state gained entries over versions: checkpoints written before an entry existed lack it,
/// and <see cref="Checkpoint.Load"/> accepts that (every other entry must still fit) and lets the module say so.
/// </summary>
internal interface IVersionedState
{
    /// <summary>The optional entries (names relative to the module) and what to do when a loaded checkpoint lacks one.</summary>
    IEnumerable<(string Entry, Action WhenMissing)> OptionalEntries { get; }
}
