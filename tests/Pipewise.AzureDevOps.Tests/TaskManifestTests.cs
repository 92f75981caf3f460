using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;
using Pipewise.AzureDevOps.Pipelines;
using Pipewise.Core.Hosting;
using Pipewise.Testing;

namespace Pipewise.AzureDevOps.Tests;

[TestClass]
public sealed partial class TaskManifestTests
{
    private static readonly string[] Tasks = ["Pipewise", "PipewiseTrain"];

    private static string TaskJson(string task) => Path.Combine(SharedFiles.RepoRoot, "tasks", task, "task.json");

    [TestMethod]
    [DataRow("Pipewise")]
    [DataRow("PipewiseTrain")]
    public async Task TaskJson_ValidatesAgainstTheTaskSchema(string task)
    {
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/azure-devops/schemas/task.schema.json"));

        var errors = schema.Validate(await File.ReadAllTextAsync(TaskJson(task)));

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [TestMethod]
    public async Task TaskSchemaValidator_BrokenTask_IsRejected()
    {
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/azure-devops/schemas/task.schema.json"));
        var broken = """{"id":"not-a-guid","name":"Pipe wise","version":{"Major":"1"},"inputs":[{"name":"bad-name","type":"string","label":"x"}],"execution":{"Node24":{}}}""";

        var errors = schema.Validate(broken);

        Assert.IsGreaterThanOrEqualTo(4, errors.Count, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [TestMethod]
    [DataRow("Pipewise")]
    [DataRow("PipewiseTrain")]
    public void TaskJson_HasWhatTfxAndTheAgentNeed(string task)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TaskJson(task)));
        var root = doc.RootElement;
        Assert.IsTrue(Guid.TryParse(root.GetProperty("id").GetString(), out _), "id is a GUID");
        Assert.AreEqual(task, root.GetProperty("name").GetString());
        var friendly = root.GetProperty("friendlyName").GetString()!;
        Assert.IsTrue(friendly.Length is >= 1 and <= 40, $"friendlyName '{friendly}' has 1-40 characters");
        Assert.IsFalse(string.IsNullOrWhiteSpace(root.GetProperty("instanceNameFormat").GetString()));
        var version = root.GetProperty("version");
        Assert.AreEqual(1, version.GetProperty("Major").GetInt32());
        _ = version.GetProperty("Minor").GetInt32();
        _ = version.GetProperty("Patch").GetInt32();

        // Node24 and Node20_1 handlers (agent 4.248.0 is the first with Node20_1), each with an existing target.
        Assert.AreEqual("4.248.0", root.GetProperty("minimumAgentVersion").GetString());
        var execution = root.GetProperty("execution");
        foreach (var handler in new[] { "Node20_1", "Node24" })
        {
            var target = execution.GetProperty(handler).GetProperty("target").GetString()!;
            Assert.IsTrue(File.Exists(Path.Combine(Path.GetDirectoryName(TaskJson(task))!, target)), $"{handler}.target {target} exists");
        }

        foreach (var input in root.GetProperty("inputs").EnumerateArray())
        {
            var name = input.GetProperty("name").GetString()!;
            Assert.IsTrue(InputName().IsMatch(name), name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(input.GetProperty("label").GetString()), name);
            Assert.IsTrue(input.TryGetProperty("helpMarkDown", out var help) && help.GetString()!.Length > 10, $"{name} has help text");
        }
    }

    [TestMethod]
    public void PipewiseTask_OutputVariables_AreTheOnesTheReporterSets()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TaskJson("Pipewise")));
        var declared = doc.RootElement.GetProperty("outputVariables").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToArray();
        var written = RunOutputs.From(Outcomes.Outcome()).Select(o => AzurePipelinesReporter.VariableName(o.Key)).ToArray();

        CollectionAssert.AreEqual(written, declared);
    }

    [TestMethod]
    public async Task VssExtension_ValidatesAndDeclaresEveryTask()
    {
        var path = Path.Combine(SharedFiles.RepoRoot, "vss-extension.json");
        var schema = await JsonSchema.FromFileAsync(SharedFiles.Require("fixtures/azure-devops/schemas/vss-extension.schema.json"));
        var text = await File.ReadAllTextAsync(path);

        var errors = schema.Validate(text);

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.AreEqual(1, root.GetProperty("manifestVersion").GetInt32());
        Assert.IsLessThanOrEqualTo(200, root.GetProperty("description").GetString()!.Length);
        var contributions = root.GetProperty("contributions").EnumerateArray().ToList();
        var files = root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToHashSet();
        var ids = new HashSet<string>();
        foreach (var task in Tasks)
        {
            var c = contributions.Single(x => x.GetProperty("properties").GetProperty("name").GetString() == "tasks/" + task);
            Assert.AreEqual("ms.vss-distributed-task.task", c.GetProperty("type").GetString());
            Assert.AreEqual("ms.vss-distributed-task.tasks", c.GetProperty("targets")[0].GetString());
            Assert.IsTrue(ids.Add(c.GetProperty("id").GetString()!));
            Assert.Contains("tasks/" + task, files);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex InputName();
}
