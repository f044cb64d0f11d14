using System;

namespace HyperGen.Samples;

/// <summary>A problem with the user's input (a missing data file, a bad option value): printed as a message, never a stack trace.</summary>
public sealed class SampleException(string message) : Exception(message);
