using System.Text.Json;

namespace Pipewise.Agent.Simulation;

/// <summary>The JSON report of <c>pipewise simulate --json</c> (contract in docs/simulation.md).</summary>
internal static class SimulationJson
{
    public static string Write(IReadOnlyList<SimulationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("simulated", true);
            w.WriteString("note", "SIMULATION: a seeded test bench calibrated on real CI histories; not evidence about real pipelines.");
            w.WriteString("calibration", Calibration.Source);
            w.WriteStartArray("scenarios");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Scenario);
                w.WriteString("description", r.Description);
                w.WriteNumber("runs", r.Runs);
                w.WriteNumber("seed", r.Seed);
                void Totals(string name, PolicyTotals p)
                {
                    w.WriteStartObject(name);
                    w.WriteNumber("build_s", Math.Round(p.BuildSeconds, 1));
                    w.WriteNumber("deploy_s", Math.Round(p.DeploySeconds, 1));
                    w.WriteNumber("failures", p.Failures);
                    w.WriteString("config", p.Configuration);
                    w.WriteEndObject();
                }

                Totals("default", r.Default);
                Totals("oracle", r.Oracle);
                Totals("agent", r.Agent);
                w.WriteNumber("captured_gain", Math.Round(r.CapturedGain, 4));
                w.WriteNumber("explorations", r.Explorations);
                w.WriteStartArray("learning_curve");
                foreach (var p in r.LearningCurve)
                {
                    w.WriteStartObject();
                    w.WriteNumber("from_run", p.FromRun);
                    w.WriteNumber("to_run", p.ToRun);
                    w.WriteNumber("default_s_per_run", Math.Round(p.DefaultSeconds, 1));
                    w.WriteNumber("oracle_s_per_run", Math.Round(p.OracleSeconds, 1));
                    w.WriteNumber("agent_s_per_run", Math.Round(p.AgentSeconds, 1));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("agent_changes");
                foreach (var c in r.AgentChanges)
                {
                    w.WriteStartObject();
                    w.WriteNumber("run", c.Run + 1);
                    w.WriteString("action", c.ActionId);
                    w.WriteBoolean("explored", c.Explored);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
