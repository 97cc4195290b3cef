using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Monitor.Worker.Api;

/// <summary>
/// At most <see cref="MutationRateLimitOptions.PermitLimit"/> mutations per <see cref="MutationRateLimitOptions.Window"/>
/// from one client address (fixed windows, nothing queued), counted before the key is checked, so guessing keys is
/// limited too. Partitioned by address alone: a key per partition would let a client mint partitions. Over the limit:
/// 429 with Retry-After and a problem document.
/// </summary>
internal sealed class MutationRateLimitPolicy(IOptions<ApiOptions> options, IProblemDetailsService problems) : IRateLimiterPolicy<string>
{
    public const string Name = "mutations";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var limit = options.Value.MutationRateLimit;
        var address = httpContext.Connection.RemoteIpAddress;
        var client = address is null ? "" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var limit = options.Value.MutationRateLimit;
        var response = context.HttpContext.Response;
        var detail = $"At most {limit.PermitLimit} changes per {limit.Window:c} are accepted from one client address.";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += $" Retry after {seconds} s.";
        }

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
