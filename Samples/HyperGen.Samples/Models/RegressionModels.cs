using System.Collections.Generic;
using HyperGen;
using static TorchSharp.torch;

namespace HyperGen.Samples.Models;

// The generated hypernets of the 1-D regression samples (continual, bayes). The generator's task-conditioned form
// takes the number of tasks as a compile-time constant (Conditions), so the continual sample declares one class per
// task count its --tasks option allows (1–6) and picks one by option; all six have the same hypernet and mainnet.

/// <summary>
/// What the continual sample needs from a generated task-conditioned hypernet beyond
/// <c>Module&lt;Tensor, long, Tensor&gt;</c> (whose <c>forward(x, task)</c> runs task <c>task</c>'s mainnet): the
/// generated weights of a task by name, and the init report. Each <c>ContinualHypernet{N}</c> implements it with its
/// own typed <c>GenerateWeights(task).Named()</c>.
/// </summary>
public interface ITaskConditionedHypernet
{
    /// <summary>Number of tasks (learned condition embeddings).</summary>
    int Tasks { get; }

    /// <summary><c>GenerateWeights(task).Named()</c>: every generated tensor of task <paramref name="task"/>'s mainnet with its name, in <c>Targets</c> order.</summary>
    IEnumerable<KeyValuePair<string, Tensor>> NamedWeights(long task);

    /// <summary>Target, predicted and realised variance per generated tensor, realised over every task's mainnet (generated).</summary>
    InitReport InitReport();
}

// One learned 8-wide embedding per task next to one 8-wide embedding per mainnet layer, through a 32-wide ReLU layer,
// into one head per generated tensor; the mainnet is von Oswald et al.'s 1-10-10-1 tanh regression network.

/// <summary>Task-conditioned hypernet for 1 task (see <see cref="ContinualHypernet3"/>).</summary>
[Hypernet(Embedding = 8, Conditions = 1, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet1 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>Task-conditioned hypernet for 2 tasks (see <see cref="ContinualHypernet3"/>).</summary>
[Hypernet(Embedding = 8, Conditions = 2, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet2 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>
/// The continual sample's default: three learned 8-wide task embeddings (the <c>conditionEmbeddings</c> parameter, one
/// row per task) and one 8-wide embedding per mainnet layer, concatenated, through a 32-wide ReLU layer into one head
/// per generated tensor of a 1-10-10-1 tanh mainnet. Hyperfan-in init with <c>V_e</c> calibrated over all three tasks.
/// </summary>
[Hypernet(Embedding = 8, Conditions = 3, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet3 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>Task-conditioned hypernet for 4 tasks (see <see cref="ContinualHypernet3"/>).</summary>
[Hypernet(Embedding = 8, Conditions = 4, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet4 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>Task-conditioned hypernet for 5 tasks (see <see cref="ContinualHypernet3"/>).</summary>
[Hypernet(Embedding = 8, Conditions = 5, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet5 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>Task-conditioned hypernet for 6 tasks (see <see cref="ContinualHypernet3"/>).</summary>
[Hypernet(Embedding = 8, Conditions = 6, ConditionEmbedding = 8, Hidden = new[] { 32 })]
[Linear(1, 10, Activation = Activation.Tanh)] [Linear(10, 10, Activation = Activation.Tanh)] [Linear(10, 1)]
public partial class ContinualHypernet6 : ITaskConditionedHypernet
{
    int ITaskConditionedHypernet.Tasks => ConditionCount;
    IEnumerable<KeyValuePair<string, Tensor>> ITaskConditionedHypernet.NamedWeights(long task) => GenerateWeights(task).Named();
}

/// <summary>
/// The Bayesian sample's implicit weight distribution: every draw of <c>z ~ N(0, I₈)</c> goes next to one learned 8-wide
/// embedding per mainnet layer, through a 64-wide ReLU layer, into one head per generated tensor of a 1-50-50-1 ReLU
/// mainnet. Hyperfan-in init with <c>V_e</c> calibrated over 1,024 noise draws, so the untrained hypernet is a prior
/// whose sampled weights have the variance the mainnet needs.
/// </summary>
[Hypernet(Embedding = 8, Noise = 8, Hidden = new[] { 64 })]
[Linear(1, 50, Activation = Activation.ReLU)] [Linear(50, 50, Activation = Activation.ReLU)] [Linear(50, 1)]
public partial class BayesHypernet { }
