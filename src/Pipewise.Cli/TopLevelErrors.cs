using Pipewise.Hosting.Secrets;

namespace Pipewise.Cli;

/// <summary>
/// The one place an error nobody handled ends: a single masked line on stderr and a documented exit code, 2 for bad
/// input (an invalid argument, spec, path or file) and 3 for Pipewise's own failure (store unreachable, out of
/// memory, a bug). The .NET stack trace is printed only with <c>PIPEWISE_TRACE=1</c>, masked as well.
/// </summary>
internal static class TopLevelErrors
{
    public const string TraceVariable = "PIPEWISE_TRACE";

    public static int Report(Exception exception, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var masker = MaskerFor(args, environment);
        var cause = Unwrap(exception);
        var code = IsBadInput(cause) ? ExitCodes.UsageError : ExitCodes.InternalErrorFailClosed;
        var what = code == ExitCodes.UsageError ? "bad input" : "Pipewise failed";
        var trace = environment.GetValueOrDefault(TraceVariable) == "1";
        error.WriteLine(masker.Mask($"pipewise: {what}: {FirstLine(cause.Message)}" + (trace ? string.Empty : $" (set {TraceVariable}=1 for the stack trace)")));
        if (trace)
        {
            error.WriteLine(masker.Mask(exception.ToString()));
        }

        return code;
    }

    /// <summary>Invalid arguments, specs, paths, formats and missing files are the caller's input, not Pipewise's failure.</summary>
    public static bool IsBadInput(Exception exception) => exception is ArgumentException or FormatException or FileNotFoundException
        or DirectoryNotFoundException or PathTooLongException or System.Text.Json.JsonException or UriFormatException;

    private static SecretMasker MaskerFor(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var masker = SecretMasker.ForRun(environment.GetValueOrDefault("INPUT_TOKEN"), environment);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--store" && i + 1 < args.Count)
            {
                masker.AddStoreSpec(args[i + 1]);
            }
            else if (args[i].StartsWith("--store=", StringComparison.Ordinal))
            {
                masker.AddStoreSpec(args[i]["--store=".Length..]);
            }
        }

        return masker;
    }

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length > 500 ? line[..500] + "…" : line;
    }
}
