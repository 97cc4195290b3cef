using System.Text.Json;

namespace Monitor.Registry.Manifests;

/// <summary>Deserializes a registry's JSON answer; anything that is not the expected shape is an <see cref="InvalidRegistryResponseException"/>.</summary>
internal static class RegistryJson
{
    /// <param name="what">Names the body in the messages, e.g. <c>image config</c>.</param>
    /// <param name="invalid">The message for a body that does not parse into <typeparamref name="T"/>.</param>
    public static T Parse<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options, string what, string invalid)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, options) ?? throw new InvalidRegistryResponseException($"{what} is JSON null");
        }
        catch (JsonException)
        {
            throw new InvalidRegistryResponseException(invalid);
        }
    }
}
