namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>Tests that share one Prometheus scraping the synthetic fleet (only they wait for, or fail with, it).</summary>
[CollectionDefinition(nameof(SyntheticFleetDefinition))]
public sealed class SyntheticFleetDefinition : ICollectionFixture<SyntheticFleetPrometheus>;
