using System.CommandLine;
using System.Globalization;
using Pipewise.Core.Gate;

namespace Pipewise.Composition.CommandLine;

/// <summary>
/// The gate policy's command-line options, shared by <c>pipewise run</c>, <c>pipewise gate</c> and <c>pipewise-gate</c>.
/// Precedence: a flag given on the command line, else the setting from <c>fallback</c> (action/task inputs and
/// <c>PIPEWISE_*</c> variables, for <c>run</c>), else the policy file (<c>--policy</c>), else the defaults of
/// <see cref="GatePolicyOptions"/>.
/// </summary>
public sealed class PolicyOptionSet
{
    public Option<string?> Policy { get; } = new("--policy") { Description = "A gate policy file (JSON: mode, failure-warn, failure-fail, anomaly-warn, anomaly-fail, max-failed-tests, max-flaky-tests, fail-closed). Options given on the command line override it." };
    public Option<string?> Mode { get; } = new("--mode") { Description = "advise (default: report only), enforce (a fail verdict blocks: exit 1 / gate fails), dry-run (report what enforce would have done)." };
    public Option<double?> FailureWarn { get; } = new("--failure-warn") { Description = "Failure probability at or above which the verdict is warn. Default 0.5." };
    public Option<double?> FailureFail { get; } = new("--failure-fail") { Description = "Failure probability at or above which the verdict is fail. Default 0.8." };
    public Option<double?> AnomalyWarn { get; } = new("--anomaly-warn") { Description = "|Duration anomaly z| at or above which the verdict is warn. Default 2." };
    public Option<double?> AnomalyFail { get; } = new("--anomaly-fail") { Description = "Duration anomaly z at or above which the verdict is fail (slower than forecast; a faster run is at most warn). Default 4." };
    public Option<int?> MaxFailedTests { get; } = new("--max-failed-tests") { Description = "Failed tests allowed before the verdict is fail. Default 0." };
    public Option<int?> MaxFlakyTests { get; } = new("--max-flaky-tests") { Description = "Flaky tests allowed before the verdict is warn. Default 0." };
    public Option<bool?> FailClosed { get; } = new("--fail-closed") { Description = "When Pipewise itself fails (store down, model broken), fail (exit 3) instead of passing with a warning (fail-open is the default)." };

    public IEnumerable<Option> All => [Policy, Mode, FailureWarn, FailureFail, AnomalyWarn, AnomalyFail, MaxFailedTests, MaxFlakyTests, FailClosed];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds and validates the policy. Throws <see cref="FormatException"/> naming the bad setting.</summary>
    public GatePolicyOptions Build(ParseResult parse, Func<string, string?>? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = new Settings(parse, fallback ?? (_ => null));
        var options = settings.Text(Policy, "policy") is { Length: > 0 } file ? GatePolicyFile.Load(file) : new GatePolicyOptions();
        if (settings.Text(Mode, "mode") is { } modeText)
        {
            options = GatePolicyFile.TryParseMode(modeText.Trim(), out var mode)
                ? options with { Mode = mode }
                : throw new FormatException($"mode: expected advise, enforce or dry-run, found '{modeText}'");
        }

        options = options with
        {
            FailureWarn = settings.Number(FailureWarn, "failure-warn") ?? options.FailureWarn,
            FailureFail = settings.Number(FailureFail, "failure-fail") ?? options.FailureFail,
            AnomalyWarn = settings.Number(AnomalyWarn, "anomaly-warn") ?? options.AnomalyWarn,
            AnomalyFail = settings.Number(AnomalyFail, "anomaly-fail") ?? options.AnomalyFail,
            MaxFailedTests = settings.Whole(MaxFailedTests, "max-failed-tests") ?? options.MaxFailedTests,
            MaxFlakyTests = settings.Whole(MaxFlakyTests, "max-flaky-tests") ?? options.MaxFlakyTests,
            FailClosed = settings.Flag(FailClosed, "fail-closed") ?? options.FailClosed,
        };
        return options.Validate() is { } problem ? throw new FormatException(problem) : options;
    }

    /// <summary>A flag given on the command line wins; otherwise the fallback's text for the setting's name.</summary>
    private sealed class Settings(ParseResult parse, Func<string, string?> fallback)
    {
        public string? Text(Option<string?> option, string name) =>
            parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : fallback(name);

        public double? Number(Option<double?> option, string name)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                return parse.GetValue(option);
            }

            return fallback(name) is { } text
                ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"{name}: expected a number, found '{text}'")
                : null;
        }

        public int? Whole(Option<int?> option, string name)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                return parse.GetValue(option);
            }

            return fallback(name) is { } text
                ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"{name}: expected a whole number, found '{text}'")
                : null;
        }

        public bool? Flag(Option<bool?> option, string name)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                return parse.GetValue(option) ?? true;
            }

            return fallback(name)?.Trim().ToLowerInvariant() switch
            {
                null => null,
                "true" or "yes" or "1" or "on" => true,
                "false" or "no" or "0" or "off" => false,
                var other => throw new FormatException($"{name}: expected true or false, found '{other}'"),
            };
        }
    }
}
