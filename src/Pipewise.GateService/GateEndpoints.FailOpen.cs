using Pipewise.Core.Assessment;
using Pipewise.Core.Gate;
using Pipewise.Core.Runs;

namespace Pipewise.GateService;

/// <summary>
/// The answer every endpoint gives alike when it cannot score from history (ADR 0011): a pipeline with no stored runs,
/// or a store that could not be read within the request's store budget. It is the policy's answer for a Pipewise error:
/// 200 with a verdict that fails open (warn) unless fail-closed is set, and the reason in the body.
/// </summary>
internal sealed partial class GateEndpoints
{
    public const string NoHistory = "no stored runs of this pipeline";

    public const string StoreUnreadable = "Pipewise could not read its store";

    internal static RunAssessment FailOpenAnswer(PipelineKey pipeline, string? runId, GatePolicyOptions policy, string error, string note) => new()
    {
        Pipeline = pipeline,
        RunId = runId,
        Verdict = GatePolicy.Evaluate(new GateInput { InternalError = error }, policy),
        Notes = [note],
    };
}
