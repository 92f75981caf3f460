namespace Pipewise.Core.Storage;

/// <summary>Collects the problems met while reading (corrupt records), so that one bad blob does not hide the rest.</summary>
public sealed class StoreReadReport
{
    private readonly List<string> problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    public void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }
}
