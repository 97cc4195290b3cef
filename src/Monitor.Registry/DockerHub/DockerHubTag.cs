namespace Monitor.Registry.DockerHub;

/// <summary>A tag as the Hub API lists it (JSON names: the snake_case of these). Times stay text: a malformed one must not spoil the page.</summary>
/// <param name="Digest">The manifest (or index) digest, what a HEAD on the registry would report.</param>
public sealed record DockerHubTag(string? Name, string? Digest, string? MediaType, string? TagLastPushed, string? LastUpdated, IReadOnlyList<DockerHubImage>? Images);
