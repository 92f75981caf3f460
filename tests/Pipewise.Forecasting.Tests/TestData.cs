using System.Globalization;
using Pipewise.Core.Runs;
using Pipewise.Core.Storage;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Data;
using Pipewise.Forecasting.Features;
using Pipewise.Forecasting.Model;
using Pipewise.Testing;

namespace Pipewise.Forecasting.Tests;

internal static class TestData
{
    /// <summary>Synthetic pipelines: durations depend on event and a slow drift; failures cluster.</summary>
    public static List<RunRecord> Synthetic(int pipelines, int runs, int seed)
    {
        var random = new Random(seed);
        var list = new List<RunRecord>();
        for (var p = 0; p < pipelines; p++)
        {
            var baseDuration = 60 + random.Next(600);
            var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(p);
            var failing = false;
            for (var i = 0; i < runs; i++)
            {
                var pr = random.NextDouble() < 0.4;
                failing = random.NextDouble() < (failing ? 0.6 : 0.1);
                var duration = baseDuration * (pr ? 0.7 : 1.0) * (1 + (0.1 * random.NextDouble())) * (failing ? 0.5 : 1);
                t = t.AddMinutes(30 + random.Next(600));
                list.Add(new RunRecord
                {
                    Provider = "travis",
                    Organization = $"org{p}",
                    Repository = "repo",
                    PipelineId = "travis",
                    RunId = (1000 + i).ToString(CultureInfo.InvariantCulture),
                    Sequence = 1000 + i,
                    Event = pr ? "pull_request" : "push",
                    PullRequest = pr ? i : null,
                    Branch = "master",
                    StartedAt = t,
                    DurationSeconds = Math.Round(duration),
                    Result = failing ? RunResult.Failed : RunResult.Succeeded,
                    Tests = new TestSummary { Total = 100, Passed = failing ? 97 : 100, Failed = failing ? 3 : 0 },
                    Jobs = [new JobRecord { Name = "build" }],
                });
            }
        }

        return list;
    }

    public static TrainingOptions Tiny => new()
    {
        HiddenSize = 4,
        HeadHidden = 4,
        Layers = 1,
        History = 8,
        Epochs = 2,
        WindowsPerEpoch = 400,
        MaxValidationWindows = 200,
        BatchSize = 16,
        Seed = 7,
        Threads = 2,
    };

    private static readonly Lazy<IReadOnlyList<PipelineHistory>> RealLazy = new(() =>
    {
        var path = SharedFiles.Require("data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz");
        return Backtester.Prepare(TravisTorrentInput.Read(path).Take(4000), 50, 6, 1);
    });

    /// <summary>A few real go pipelines (from the first rows of the shared file).</summary>
    public static IReadOnlyList<PipelineHistory> Real()
    {
        SharedFiles.Require("data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz");
        return RealLazy.Value;
    }
}
