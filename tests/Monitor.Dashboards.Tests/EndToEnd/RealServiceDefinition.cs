namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>Tests that share the real service, its history and the Prometheus scraping it.</summary>
[CollectionDefinition(nameof(RealServiceDefinition))]
public sealed class RealServiceDefinition : ICollectionFixture<RealServicePrometheus>;
