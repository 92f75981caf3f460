using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NJsonSchema;
using Pipewise.Testing;
using YamlDotNet.RepresentationModel;

namespace Pipewise.GitHub.Tests;

[TestClass]
public sealed class ActionMetadataTests
{
    private static readonly string ActionPath = Path.Combine(SharedFiles.RepoRoot, "action.yml");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ActionYml_ValidatesAgainstTheGitHubActionSchema()
    {
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/schemas/github-action.json"), TestContext.CancellationToken);
        var json = YamlToJson(File.ReadAllText(ActionPath));

        var errors = schema.Validate(json.ToJsonString());

        Assert.IsEmpty(errors, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [TestMethod]
    public async Task GitHubActionSchema_BrokenAction_IsRejected()
    {
        // Proves the check above can fail: an unknown key and a composite action without steps.
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/schemas/github-action.json"), TestContext.CancellationToken);
        var broken = YamlToJson("name: x\ndescription: y\nbogus: 1\nruns:\n  using: composite\n");

        Assert.IsNotEmpty(schema.Validate(broken.ToJsonString()));
    }

    [TestMethod]
    public async Task ExampleWorkflows_ValidateAgainstTheWorkflowSchema()
    {
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/schemas/github-workflow.json"), TestContext.CancellationToken);
        var files = Directory.GetFiles(Path.Combine(SharedFiles.RepoRoot, "docs", "github"), "*.yml");
        Assert.IsGreaterThanOrEqualTo(3, files.Length);
        foreach (var file in files)
        {
            var errors = schema.Validate(YamlToJson(File.ReadAllText(file)).ToJsonString());
            Assert.IsEmpty(errors, $"{Path.GetFileName(file)}: " + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        }
    }

    [TestMethod]
    public void ActionYml_InputsOutputsAndSteps_AreWiredAndDocumented()
    {
        var action = YamlToJson(File.ReadAllText(ActionPath)).AsObject();
        var inputs = action["inputs"]!.AsObject();
        foreach (var name in new[] { "token", "store", "mode", "failure-warn", "failure-fail", "anomaly-warn", "anomaly-fail", "fail-closed", "test-results", "post-status", "post-comment", "version" })
        {
            Assert.IsTrue(inputs.ContainsKey(name), $"input '{name}' is missing");
        }

        foreach (var (name, input) in inputs)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace((string?)input!["description"]), $"input '{name}' has no description");
        }

        var outputs = action["outputs"]!.AsObject();
        CollectionAssert.AreEquivalent(
            Core.Hosting.RunOutputs.From(Outcomes.Outcome()).Select(o => o.Key).ToArray(),
            outputs.Select(o => o.Key).ToArray(),
            "the action publishes exactly the run outputs");
        foreach (var (name, output) in outputs)
        {
            Assert.AreEqual($"${{{{ steps.pipewise.outputs.{name} }}}}", (string?)output!["value"]);
        }

        var runs = action["runs"]!.AsObject();
        Assert.AreEqual("composite", (string?)runs["using"]);
        var steps = runs["steps"]!.AsArray();
        var main = steps.Single(s => (string?)s!["id"] == "pipewise")!.AsObject();
        var env = main["env"]!.AsObject();
        foreach (var (name, _) in inputs)
        {
            if (name is "command" or "version" or "feed" or "source" or "store")
            {
                continue;
            }

            var key = "INPUT_" + name.ToUpperInvariant().Replace('-', '_');
            Assert.AreEqual($"${{{{ inputs.{name} }}}}", (string?)env[key], $"input '{name}' reaches the tool as {key}");
        }

        // No step splices an expression into a script: inputs travel as environment variables only.
        foreach (var step in steps)
        {
            if ((string?)step!["run"] is { } script)
            {
                Assert.DoesNotContain("${{", script, $"step '{(string?)step["name"]}' splices an expression into its script");
            }
        }

        Assert.IsFalse(steps.Any(s => ((string?)s!["run"] ?? string.Empty).Contains("dotnet build", StringComparison.Ordinal)), "the action never builds from source");
        // The install logic is a script in the action's checkout (tested by running it in tests/Pipewise.Cli.Tests).
        Assert.IsTrue(steps.Any(s => ((string?)s!["run"] ?? string.Empty).Contains("$PIPEWISE_ACTION_PATH/scripts/action/install.sh\" install", StringComparison.Ordinal)));
        var installScript = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "scripts", "action", "install.sh"));
        Assert.Contains("dotnet tool install Pipewise", installScript);
        Assert.Contains("dotnet pack", installScript);
        Assert.IsTrue(steps.Any(s => ((string?)s!["uses"] ?? string.Empty).StartsWith("actions/cache@", StringComparison.Ordinal) && ((string?)s["with"]!["path"])!.Contains("pipewise-tool", StringComparison.Ordinal)));
        foreach (var step in steps.Where(s => s!["run"] is not null))
        {
            Assert.AreEqual("bash", (string?)step!["shell"], "bash exists on Linux, macOS and Windows runners");
        }
    }

    [TestMethod]
    public void ActionYml_DefaultToolVersion_IsTheReleaseVersion()
    {
        var action = YamlToJson(File.ReadAllText(ActionPath)).AsObject();
        var props = XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "Directory.Build.props"));
        var version = props.Descendants("Version").First().Value;
        Assert.AreEqual(version, (string?)action["inputs"]!["version"]!["default"]);

        var cli = XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "src", "Pipewise.Cli", "Pipewise.Cli.csproj"));
        Assert.AreEqual("Pipewise", cli.Descendants("PackageId").Single().Value);
        Assert.AreEqual("pipewise", cli.Descendants("ToolCommandName").Single().Value);
    }

    /// <summary>YAML 1.2 core schema to JSON: plain scalars become booleans, nulls and numbers; quoted ones stay strings.</summary>
    internal static JsonNode YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Regex.IsMatch(text, "^[-+]?[0-9]+$") && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"))
        {
            return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }
}
