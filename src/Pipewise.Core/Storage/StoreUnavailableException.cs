namespace Pipewise.Core.Storage;

/// <summary>The store cannot be reached or refused the request for a reason that retrying will not fix.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
