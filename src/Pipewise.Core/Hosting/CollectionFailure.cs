using Pipewise.Core.Gate;

namespace Pipewise.Core.Hosting;

/// <summary>
/// The current run could not be collected (no runner environment, the provider API down, a bad run file), or the
/// store it goes to could not be opened (a malformed store setting). The host
/// reports it instead of an outcome: one warning annotation with <see cref="Message"/> and the outputs of
/// <see cref="Outputs"/>, so that later steps still find every output name.
/// </summary>
public sealed record CollectionFailure
{
    /// <summary>What went wrong, for the warning annotation (the <see cref="ReasonCodes.PipewiseError"/> reason's message).</summary>
    public required string Message { get; init; }

    /// <summary>The verdict of the fail-open rule: pass with the pipewise-error reason, or fail when fail-closed is set (exit code 3).</summary>
    public required GateVerdict Verdict { get; init; }

    /// <summary>Every output of <see cref="RunOutputs"/>, empty but present (see <see cref="RunOutputs.ForFailure"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Outputs => RunOutputs.ForFailure(Verdict);

    /// <summary>The failure of collecting a run under a policy: a <see cref="ReasonCodes.PipewiseError"/> verdict.</summary>
    public static CollectionFailure From(Exception error, GatePolicyOptions policy, string what = "the run could not be collected")
    {
        ArgumentNullException.ThrowIfNull(error);
        var verdict = GatePolicy.Evaluate(new GateInput { InternalError = $"{what}: {error.Message}" }, policy);
        return new CollectionFailure { Message = verdict.Reasons[0].Message, Verdict = verdict };
    }
}
