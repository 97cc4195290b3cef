namespace Monitor.Registry.Configuration;

/// <summary>Docker Hub specifics (<c>Registries:DockerHub</c>).</summary>
public sealed class DockerHubOptions
{
    /// <summary>Read digests of several watched tags from the Hub tag API pages instead of one HEAD per tag.</summary>
    public bool UseTagApi { get; set; } = true;

    /// <summary>Base URL of the Hub API (tests point it at a stub).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://hub.docker.com/");

    /// <summary>Tags per Hub API page (the API allows up to 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pages read at most per repository before the remaining tags fall back to HEAD.</summary>
    public int MaxPages { get; set; } = 20;

    /// <summary>Use the Hub API for a repository from this many watched tags on (below it, HEAD is as cheap).</summary>
    public int MinimumTags { get; set; } = 2;

    /// <summary>Docker Hub's anonymous pull limits are tight: fewer concurrent requests than other registries.</summary>
    public int MaxConcurrency { get; set; } = 4;

    public double RequestsPerSecond { get; set; } = 5;
}
