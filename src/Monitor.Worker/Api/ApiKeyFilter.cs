using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Monitor.Worker.Api;

/// <summary>Mutations need the configured key: none configured → 403 (mutations disabled); missing or wrong → 401.</summary>
internal sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.ApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            return TypedResults.Problem("Mutations are disabled: no Api:ApiKey is configured.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!Matches(context.HttpContext.Request.Headers[HeaderName].ToString(), configured))
        {
            return TypedResults.Problem($"A valid {HeaderName} header is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    /// <summary>
    /// Compares SHA-256 digests in constant time: FixedTimeEquals on the keys themselves returns at once when their
    /// lengths differ, which tells a caller the key's length.
    /// </summary>
    internal static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
