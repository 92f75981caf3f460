namespace Pipewise.GitHub;

/// <summary>The runner environment is missing or malformed (a variable, the event file).</summary>
public sealed class GitHubConfigurationException(string message) : Exception(message);
