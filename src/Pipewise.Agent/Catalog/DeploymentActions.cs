namespace Pipewise.Agent.Catalog;

/// <summary>The deployment strategies of the catalog, from least to most strict, with their snippets for both platforms.</summary>
internal static class DeploymentActions
{
    public static IReadOnlyList<CatalogAction> All { get; } =
    [
        new(ActionCatalog.DeployProceed, ActionKind.Deployment, "Deploy: proceed", "low forecast failure risk", string.Empty, string.Empty),
        new(ActionCatalog.DeployCanary, ActionKind.Deployment, "Deploy: canary first",
            "elevated failure risk or unusual duration: expose a small share of traffic first",
            """
            # GitHub: deploy to a 'canary' environment first, then to production after checks pass
            jobs:
              canary:
                environment: canary
              production:
                needs: canary
                environment: production
            """,
            """
            strategy:
              canary:
                increments: [ 10, 50 ]
                deploy:
                  steps:
                    - script: ./deploy.sh
            """),
        new(ActionCatalog.DeployBlueGreen, ActionKind.Deployment, "Deploy: blue-green",
            "elevated failure risk where an instant switch-back matters more than the cost of a second environment",
            """
            # deploy to the idle slot ('green'), smoke-test it, then swap
            - run: ./deploy.sh --slot green && ./smoke-test.sh green && ./swap-slots.sh
            """,
            """
            - task: AzureAppServiceManage@0
              inputs:
                Action: 'Swap Slots'
                SourceSlot: staging
            """),
        new(ActionCatalog.DeployHold, ActionKind.Deployment, "Deploy: hold for review",
            "high forecast failure risk: a person should look before this deploys",
            """
            environment: production   # add required reviewers to this environment
            """,
            """
            # add an Approvals check to the production environment
            environment: production
            """),
    ];
}
