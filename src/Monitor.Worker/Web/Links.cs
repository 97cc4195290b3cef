using Microsoft.AspNetCore.WebUtilities;

namespace Monitor.Worker.Web;

/// <summary>Addresses of the pages and of the API's JSON for the same things.</summary>
internal static class Links
{
    /// <summary>The tag's page: <c>/tags/docker.io/library/python%3A3.13</c> (each segment escaped, slashes kept).</summary>
    public static string Tag(string canonicalReference) => "/tags/" + Escape(canonicalReference);

    /// <summary>The tag's JSON: <c>GET /api/tags/{reference}</c>.</summary>
    public static string TagJson(string canonicalReference) => "/api/tags/" + Escape(canonicalReference);

    /// <summary>The fleet page with these query parameters (named as the API names them); empty ones are left out.</summary>
    public static string Fleet(params (string Name, string? Value)[] parameters) => WithQuery("/", parameters);

    /// <summary>The vendor comparison with these query parameters (<c>registry</c>, <c>page</c>); empty ones are left out.</summary>
    public static string Vendors(params (string Name, string? Value)[] parameters) => WithQuery("/vendors", parameters);

    private static string WithQuery(string path, (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    private static string Escape(string reference) => string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));
}
