using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipewise.AzureDevOps.Rest;

/// <summary>
/// A <see cref="TolerantEnumConverter{TEnum}"/> for every enum of the REST models, named one by one (no
/// <c>MakeGenericType</c>: the Native AOT tool cannot create generic code at run time). A test checks that every enum
/// of the models is here.
/// </summary>
internal sealed class TolerantEnumConverterFactory : JsonConverterFactory
{
    internal static readonly FrozenDictionary<Type, JsonConverter> Converters = new Dictionary<Type, JsonConverter>
    {
        [typeof(BuildResult)] = new TolerantEnumConverter<BuildResult>(),
        [typeof(BuildStatus)] = new TolerantEnumConverter<BuildStatus>(),
        [typeof(TaskResult)] = new TolerantEnumConverter<TaskResult>(),
        [typeof(TimelineRecordState)] = new TolerantEnumConverter<TimelineRecordState>(),
        [typeof(CommentThreadStatus)] = new TolerantEnumConverter<CommentThreadStatus>(),
        [typeof(CommentType)] = new TolerantEnumConverter<CommentType>(),
        [typeof(GitStatusState)] = new TolerantEnumConverter<GitStatusState>(),
        [typeof(DeploymentStatus)] = new TolerantEnumConverter<DeploymentStatus>(),
        [typeof(EnvironmentStatus)] = new TolerantEnumConverter<EnvironmentStatus>(),
        [typeof(ReleaseStatus)] = new TolerantEnumConverter<ReleaseStatus>(),
        [typeof(TestOutcome)] = new TolerantEnumConverter<TestOutcome>(),
    }.ToFrozenDictionary();

    public override bool CanConvert(Type typeToConvert) => Converters.ContainsKey(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) => Converters[typeToConvert];
}
