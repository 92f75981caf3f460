using Pipewise.Core.Gate;

namespace Pipewise.Core.Assessment;

/// <summary>The exit codes of the pipewise commands (documented in README.md) and how a verdict maps to them.</summary>
public static class ExitCodes
{
    /// <summary>Success; in advise and dry-run modes also any verdict.</summary>
    public const int Ok = 0;

    /// <summary>The gate verdict is fail in enforce mode: the job or deployment should stop.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad usage or bad input: an unknown option, a malformed file, an invalid threshold.</summary>
    public const int UsageError = 2;

    /// <summary>Pipewise itself failed and fail-closed was chosen (otherwise it fails open with 0).</summary>
    public const int InternalErrorFailClosed = 3;

    /// <summary>Some input rows were malformed and were reported (import) but the valid rest was stored.</summary>
    public const int PartialInput = 4;

    /// <summary>
    /// An import from a provider API (<c>import --from github|azure-devops</c>) was refused: the token is missing,
    /// expired or revoked (401), lacks a permission (403), or the repository / project was not found (404). What was
    /// stored before stays stored.
    /// </summary>
    public const int ApiRefused = 5;

    /// <summary>
    /// The exit code of a verdict: 3 when Pipewise failed and fail-closed is set (in any mode), 1 when the verdict
    /// blocks (enforce and fail), otherwise 0.
    /// </summary>
    public static int For(GateVerdict verdict, bool failClosed)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (failClosed && ReasonCodes.HasPipewiseError(verdict))
        {
            return InternalErrorFailClosed;
        }

        return verdict.Blocks ? GateFailed : Ok;
    }
}
