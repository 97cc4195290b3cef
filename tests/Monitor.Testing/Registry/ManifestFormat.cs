namespace Monitor.Testing.Registry;

/// <summary>Which family of media types a pushed image uses.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image manifest and OCI image index.</summary>
    Oci,

    /// <summary>Docker manifest v2 schema 2 and Docker manifest list.</summary>
    Docker,
}
