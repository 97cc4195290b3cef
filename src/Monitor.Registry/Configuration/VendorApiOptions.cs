namespace Monitor.Registry.Configuration;

/// <summary>One registry's own web API (<c>Registries:Gcr</c>, <c>Registries:Quay</c>, <c>Registries:Mcr</c>, <c>Registries:Ghcr</c>).</summary>
public sealed class VendorApiOptions
{
    /// <summary>Use the API (batch listing or push times). Off: one HEAD per tag, as for any OCI registry.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Pages read at most per repository and cycle (Quay's tag API, GitHub's package versions); tags not found by then fall
    /// back to HEAD (Quay) or get no push time (GHCR).
    /// </summary>
    public int MaxPages { get; set; } = 10;
}
