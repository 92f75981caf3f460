namespace Pipewise.Agent.Learning;

public sealed class QEntry
{
    public double Q { get; set; }

    public int N { get; set; }
}
