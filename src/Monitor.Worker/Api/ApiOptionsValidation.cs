using Microsoft.Extensions.Options;

namespace Monitor.Worker.Api;

/// <summary>Refuses at start a key too short to resist guessing, allowlist entries that are not registry names, and rate limits out of range. Never quotes the key.</summary>
internal sealed class ApiOptionsValidation : IValidateOptions<ApiOptions>
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Length < ApiOptions.MinimumApiKeyLength)
        {
            errors.Add($"Api:ApiKey must be at least {ApiOptions.MinimumApiKeyLength} characters long (e.g. the output of 'openssl rand -hex 32'), or empty to turn mutations off");
        }

        for (var i = 0; i < (options.AllowedRegistries?.Count ?? 0); i++)
        {
            var entry = options.AllowedRegistries![i];
            if (ApiOptions.ParseEntry(entry, out var error).Name is null)
            {
                errors.Add($"Api:AllowedRegistries:{i} ({entry}) is not a registry name or *.suffix: {error}");
            }
        }

        var limit = options.MutationRateLimit;
        if (limit.PermitLimit < 1)
        {
            errors.Add("Api:MutationRateLimit:PermitLimit must be at least 1");
        }

        if (limit.Window <= TimeSpan.Zero || limit.Window > MaxWindow)
        {
            errors.Add($"Api:MutationRateLimit:Window must be more than 0 and at most {MaxWindow:c}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
