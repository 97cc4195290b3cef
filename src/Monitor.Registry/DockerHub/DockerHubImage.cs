namespace Monitor.Registry.DockerHub;

/// <summary>One platform image of a Hub tag (JSON names: the snake_case of these).</summary>
public sealed record DockerHubImage(string? Architecture, string? Os, string? Variant, string? Digest, string? LastPushed);
