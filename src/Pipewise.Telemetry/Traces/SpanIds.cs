using System.Security.Cryptography;
using System.Text;
using Pipewise.Core.Runs;

namespace Pipewise.Telemetry.Traces;

/// <summary>
/// Trace and span ids derived from the run key (SHA-256 of a fixed prefix and the key's text), so that a run exported
/// twice — by the step, a webhook, then a backfill — is the same trace with the same spans, not a duplicate.
/// </summary>
public static class SpanIds
{
    public static string TraceId(RunKey key) => Hex(Hash("pipewise/trace/" + Text(key)), 16);

    /// <summary>The span id of a part of the run: "" for the run itself, "queue", "job/3", "job/3/step/2", "deploy".</summary>
    public static string SpanId(RunKey key, string part) => Hex(Hash("pipewise/span/" + Text(key) + "/" + part), 8);

    private static string Text(RunKey key) =>
        string.Join('/', KeyEscaping.Escape(key.Provider), KeyEscaping.Escape(key.Organization), KeyEscaping.Escape(key.Repository), KeyEscaping.Escape(key.PipelineId), KeyEscaping.Escape(key.RunId))
        + "#" + key.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string Hex(byte[] bytes, int length)
    {
        // An all-zero id is invalid in OTLP; SHA-256 making 8 zero bytes is not a practical concern, but never emit one.
        var id = Convert.ToHexStringLower(bytes, 0, length);
        return id.All(c => c == '0') ? Convert.ToHexStringLower(bytes, length, length) : id;
    }
}
