namespace Pipewise.Core.Gate;

public enum Verdict
{
    Pass,
    Warn,
    Fail,
}
