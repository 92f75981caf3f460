using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Pipewise.Forecasting.Scoring;

/// <summary>
/// What a Pipewise process does about ONNX Runtime before it loads a model.
/// <list type="bullet">
/// <item><see cref="OptOutOfTelemetry"/>: ONNX Runtime 1.29+ collects usage telemetry on Linux and macOS too (a device
/// id and an event cache under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>, uploads to Microsoft) unless
/// <c>ORT_DISABLE_TELEMETRY=1</c> is set before it starts; it only skips this on its own when it sees GitHub Actions or
/// Azure Pipelines. A gate service or a laptop run must not report on a customer's machines, so Pipewise sets the opt-out
/// for itself (a user who sets the variable keeps their value) and turns the events off on Windows, where they go
/// through ETW.</item>
/// <item><see cref="StartWarmUp"/>: creating ONNX Runtime's environment (registering every operator schema) costs
/// about a third of a cold <c>pipewise run</c>; it needs no model, so it runs on another thread while the command
/// parses its settings, reads the run and the store.</item>
/// </list>
/// </summary>
public static class OnnxRuntimeStartup
{
    /// <summary>The variable ONNX Runtime reads once, when its environment is created.</summary>
    public const string TelemetryVariable = "ORT_DISABLE_TELEMETRY";

    private static Task? warmUp;
    private static volatile bool created;

    /// <summary>Whether this process has created ONNX Runtime's environment (whose teardown at exit is not free).</summary>
    public static bool Created => created;

    /// <summary>
    /// Sets <c>ORT_DISABLE_TELEMETRY=1</c> in this process's native environment (which ONNX Runtime reads; the managed
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it on Unix), unless it is set
    /// already. Call it first thing, before any thread has started ONNX Runtime. Child processes inherit it.
    /// </summary>
    public static void OptOutOfTelemetry()
    {
        if (Environment.GetEnvironmentVariable(TelemetryVariable) is { Length: > 0 })
        {
            return;
        }

        Environment.SetEnvironmentVariable(TelemetryVariable, "1");
        if (!OperatingSystem.IsWindows())
        {
            _ = setenv(TelemetryVariable, "1", 0);
        }
    }

    /// <summary>Starts creating ONNX Runtime's environment on a thread-pool thread, once per process.</summary>
    public static void StartWarmUp()
    {
        var task = new Task(CreateEnvironment);
        if (Interlocked.CompareExchange(ref warmUp, task, null) is null)
        {
            task.Start(TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Before the process ends: waits for a warm-up still under way. A command that failed before it loaded a model
    /// (e.g. a store that cannot be opened) must not exit while another thread is inside ONNX Runtime's environment
    /// creation: the C library's exit handlers would tear ONNX Runtime down under that thread (a segmentation fault).
    /// </summary>
    public static void FinishWarmUp() => warmUp?.GetAwaiter().GetResult();

    /// <summary>Before a session is created: waits for the warm-up if one was started, else creates the environment.</summary>
    internal static void EnsureEnvironment()
    {
        if (warmUp is { } started)
        {
            started.GetAwaiter().GetResult();
        }
        else
        {
            CreateEnvironment();
        }
    }

    /// <summary>
    /// The ONNX Runtime environment, with telemetry events off. A failure (no native library for this machine) is left
    /// for the model load to report, where it is turned into a refused model with the reason.
    /// </summary>
    private static void CreateEnvironment()
    {
        try
        {
            OrtEnv.Instance().DisableTelemetryEvents();
            created = true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or OnnxRuntimeException)
        {
            // Reported by OnnxScorer.Load when a model is loaded.
        }
    }

    [DllImport("libc")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
