using Pipewise.Core.Forecasting;
using Pipewise.Core.Runs;
using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Baselines;

/// <summary>A baseline as an <see cref="IForecaster"/>, through the same run-facts path as the Bi-LSTM.</summary>
public sealed class BaselineForecaster(string name) : IForecaster
{
    public static IReadOnlyList<string> Names { get; } = ["last", "median5", "ewma"];

    public Task<Forecast?> ForecastAsync(PipelineKey pipeline, IReadOnlyList<RunRecord> history, RunContext next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        var facts = history.Where(RunFacts.IsUsable).OrderBy(r => r.OrderValue).Select(RunFacts.From).ToArray();
        if (facts.Length == 0)
        {
            return Task.FromResult<Forecast?>(null);
        }

        var d = name switch
        {
            "last" => SimpleBaselines.LastDuration(facts),
            "median5" => SimpleBaselines.Median5(facts),
            "ewma" => SimpleBaselines.Ewma(facts),
            _ => throw new ArgumentException($"Unknown baseline '{name}'; expected one of {string.Join(", ", Names)}."),
        };
        return Task.FromResult<Forecast?>(new Forecast
        {
            DurationP50Seconds = d,
            DurationP90Seconds = d * 1.3,
            FailureProbability = SimpleBaselines.Rate10(facts),
            ModelVersion = $"baseline:{name}",
        });
    }
}
