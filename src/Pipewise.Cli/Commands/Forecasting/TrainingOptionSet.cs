using System.CommandLine;
using Pipewise.Forecasting.Backtesting;
using Pipewise.Forecasting.Model;

namespace Pipewise.Cli.Commands;

/// <summary>The training options <c>backtest</c> and <c>train</c> share, their checks, and the options they make.</summary>
internal sealed class TrainingOptionSet
{
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for sampling pipelines, initialisation and shuffling. Default 42.", DefaultValueFactory = _ => 42 };
    public Option<int?> MaxPipelines { get; } = new("--max-pipelines") { Description = "Use N pipelines sampled with the seed (quick runs)." };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "LSTM hidden size. Default 32.", DefaultValueFactory = _ => 32 };
    public Option<int> Layers { get; } = new("--layers") { Description = "Stacked Bi-LSTM layers. Default 1.", DefaultValueFactory = _ => 1 };
    public Option<int> History { get; } = new("--history") { Description = "Runs per window (T). Default 32.", DefaultValueFactory = _ => 32 };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Maximum epochs (early stopping on a chronological validation split). Default 20.", DefaultValueFactory = _ => 20 };
    public Option<double> LearningRate { get; } = new("--learning-rate") { Description = "Adam learning rate. Default 0.002.", DefaultValueFactory = _ => 0.002 };
    public Option<int> WindowsPerEpoch { get; } = new("--windows-per-epoch") { Description = "Training windows sampled per epoch. Default 60000.", DefaultValueFactory = _ => 60_000 };
    public Option<double> UnseenFraction { get; } = new("--unseen-fraction") { Description = "Hold out this share of pipelines entirely (seeded): train on the others, score only the held-out pipelines' test parts, as a new pipeline meets the model. Default 0 (off).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Options.Add(Seed);
        command.Options.Add(MaxPipelines);
        command.Options.Add(Hidden);
        command.Options.Add(Layers);
        command.Options.Add(History);
        command.Options.Add(Epochs);
        command.Options.Add(LearningRate);
        command.Options.Add(WindowsPerEpoch);
        command.Options.Add(UnseenFraction);
    }

    public string? Validate(ParseResult parse)
    {
        if (parse.GetValue(Hidden) is < 1 or > 512)
        {
            return "--hidden must be between 1 and 512";
        }

        if (parse.GetValue(Layers) is < 1 or > 4)
        {
            return "--layers must be between 1 and 4";
        }

        if (parse.GetValue(History) is < 2 or > 256)
        {
            return "--history must be between 2 and 256";
        }

        if (parse.GetValue(Epochs) < 1 || parse.GetValue(WindowsPerEpoch) < 1)
        {
            return "--epochs and --windows-per-epoch must be ≥ 1";
        }

        if (parse.GetValue(LearningRate) is not (> 0 and < 1))
        {
            return "--learning-rate must be in (0, 1)";
        }

        if (parse.GetValue(UnseenFraction) is not (>= 0 and < 1))
        {
            return "--unseen-fraction must be in [0, 1)";
        }

        return parse.GetValue(MaxPipelines) is < 1 ? "--max-pipelines must be ≥ 1" : null;
    }

    public BacktestOptions Options(ParseResult parse, string command) => new()
    {
        Seed = parse.GetValue(Seed),
        MaxPipelines = parse.GetValue(MaxPipelines),
        UnseenFraction = parse.GetValue(UnseenFraction),
        Command = command,
        Training = new TrainingOptions
        {
            Seed = parse.GetValue(Seed),
            HiddenSize = parse.GetValue(Hidden),
            Layers = parse.GetValue(Layers),
            History = parse.GetValue(History),
            Epochs = parse.GetValue(Epochs),
            LearningRate = parse.GetValue(LearningRate),
            WindowsPerEpoch = parse.GetValue(WindowsPerEpoch),
        },
    };
}
