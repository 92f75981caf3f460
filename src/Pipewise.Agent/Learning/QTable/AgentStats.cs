namespace Pipewise.Agent.Learning;

public sealed class AgentStats
{
    public long Steps { get; set; }

    public long Explorations { get; set; }

    public long RewardsApplied { get; set; }

    public double RewardSum { get; set; }

    public long DeploymentRewardsApplied { get; set; }

    public double DeploymentRewardSum { get; set; }

    public long DuplicateRunsIgnored { get; set; }
}
