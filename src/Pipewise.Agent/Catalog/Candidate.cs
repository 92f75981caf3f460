namespace Pipewise.Agent.Catalog;

/// <summary>A catalog action whose trigger fired, with the evidence sentence and the values for its snippet.</summary>
public sealed record Candidate(string ActionId, string Evidence, double? ExpectedSavingSeconds, IReadOnlyDictionary<string, string> Values);
