using System.Text.Json;

namespace Pipewise.Agent.Learning;

public static class QTableJson
{
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<QTableDocument> TypeInfo => QTableJsonContext.Default.QTableDocument;

    public static byte[] Serialize(QTableDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, TypeInfo);

    /// <summary>Parses and checks a stored document. Throws <see cref="QTableProblemException"/> with a clear message.</summary>
    public static QTableDocument Parse(ReadOnlySpan<byte> content, string path)
    {
        QTableDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(content, TypeInfo);
        }
        catch (JsonException ex)
        {
            throw new QTableProblemException(path, $"is corrupt: not valid Q-table JSON at {ex.Path ?? "$"} ({FirstSentence(ex.Message)}). It was left unchanged; inspect it, or archive and clear it with `pipewise agent reset`.");
        }

        return Check(doc, path);
    }

    public static QTableDocument Check(QTableDocument? doc, string path)
    {
        if (doc is null)
        {
            throw new QTableProblemException(path, "is corrupt: the document is JSON null. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        if (doc.Version > QTableDocument.CurrentVersion)
        {
            throw new QTableProblemException(path, $"has format version {doc.Version}, newer than this Pipewise understands ({QTableDocument.CurrentVersion}). It was left unchanged; upgrade Pipewise.");
        }

        if (doc.Version < 1)
        {
            throw new QTableProblemException(path, "is corrupt: field 'version' is missing or not a positive integer. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        if (doc.States is null || doc.Decisions is null || doc.AppliedKeys is null || doc.PendingDeployments is null || doc.Stats is null)
        {
            throw new QTableProblemException(path, "is corrupt: one of 'states', 'decisions', 'pendingDeployments', 'appliedKeys', 'stats' is null. It was left unchanged; archive and clear it with `pipewise agent reset`.");
        }

        foreach (var (state, actions) in doc.States)
        {
            if (actions is null)
            {
                throw new QTableProblemException(path, $"is corrupt: field 'states.{state}' is null. It was left unchanged.");
            }

            foreach (var (action, entry) in actions)
            {
                if (entry is null || !double.IsFinite(entry.Q) || entry.N < 0)
                {
                    throw new QTableProblemException(path, $"is corrupt: field 'states.{state}.{action}' is not an object with a finite 'q' and a non-negative 'n'. It was left unchanged.");
                }
            }
        }

        return doc;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
