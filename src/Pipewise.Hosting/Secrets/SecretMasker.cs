using Pipewise.Core.Secrets;

namespace Pipewise.Hosting.Secrets;

/// <summary>
/// The one secret masker of a run (as actions/runner has one): it knows the run's secrets, the provider token and the
/// credentials in the store spec, and masks them, and anything shaped like a key or a signature
/// (<see cref="SecretRedaction"/>), in every message Pipewise writes. Each CI host registers the secrets with its
/// runner (<c>::add-mask::</c>, <c>##vso[task.setsecret]</c>) through <see cref="OnSecret"/>, before it prints anything.
/// </summary>
public sealed class SecretMasker
{
    /// <summary>The store settings whose credentials are a run's secrets.</summary>
    public static readonly IReadOnlyList<string> StoreVariables = ["INPUT_STORE", "PIPEWISE_STORE"];

    private readonly List<string> secrets = [];
    private readonly List<Action<string>> listeners = [];
    private readonly Lock gate = new();

    /// <summary>The secrets known so far, in the order they were added (the token first).</summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            lock (gate)
            {
                return [.. secrets];
            }
        }
    }

    /// <summary>A run's masker: the token first, then the credentials of INPUT_STORE and PIPEWISE_STORE.</summary>
    public static SecretMasker ForRun(string? token, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var masker = new SecretMasker();
        masker.Add(token);
        foreach (var variable in StoreVariables)
        {
            masker.AddStoreSpec(environment.GetValueOrDefault(variable));
        }

        return masker;
    }

    /// <summary>Adds a secret (null, empty and known values are ignored) and tells every listener.</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        Action<string>[] tell;
        lock (gate)
        {
            if (secrets.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            secrets.Add(secret);
            tell = [.. listeners];
        }

        foreach (var listener in tell)
        {
            listener(secret);
        }
    }

    /// <summary>Adds the secret parts of a store spec (nothing for a folder path).</summary>
    public void AddStoreSpec(string? spec)
    {
        foreach (var secret in StoreSpecSecrets.Of(spec))
        {
            Add(secret);
        }
    }

    /// <summary>Calls <paramref name="register"/> for every secret known now, in order, and for each one added later.</summary>
    public void OnSecret(Action<string> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        string[] known;
        lock (gate)
        {
            listeners.Add(register);
            known = [.. secrets];
        }

        foreach (var secret in known)
        {
            register(secret);
        }
    }

    /// <summary>The text with every known secret (longest first) and every secret-shaped value replaced by ***.</summary>
    public string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in Secrets.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, SecretRedaction.Mask, StringComparison.Ordinal);
        }

        return SecretRedaction.Redact(text);
    }
}
