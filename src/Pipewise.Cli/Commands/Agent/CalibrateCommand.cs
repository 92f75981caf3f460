using System.CommandLine;
using Pipewise.Agent.Simulation;

namespace Pipewise.Cli.Commands;

/// <summary><c>pipewise simulate calibrate</c>: the simulator's calibration constants from real CI histories, written as C#.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "The travistorrent2021 folder (e.g. ../shared/data/ci-runs/travistorrent2021).", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "The C# file to write. Default src/Pipewise.Agent/Simulation/Calibration.cs.",
            DefaultValueFactory = _ => Path.Combine("src", "Pipewise.Agent", "Simulation", "Calibration.cs"),
        };
        var calibrate = new Command("calibrate", "Derive the simulator's calibration constants from real CI histories and write them as committed C# numbers.") { input, output };
        calibrate.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(input)!;
            IReadOnlyList<LanguageProfile> profiles;
            try
            {
                profiles = Calibrator.Run(folder);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"pipewise simulate calibrate: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var target = parse.GetValue(output)!;
            await File.WriteAllTextAsync(target, Calibrator.ToCSharp(profiles, $"{folder.Replace('\\', '/')} ({string.Join(", ", profiles.Select(p => $"{p.Language}: {p.Builds} builds of {p.Projects} projects"))})"), ct).ConfigureAwait(false);
            foreach (var p in profiles)
            {
                Console.WriteLine(p);
            }

            Console.WriteLine($"Wrote {Path.GetFullPath(target)}.");
            return ExitCodes.Ok;
        });
        return calibrate;
    }
}
