using Microsoft.Extensions.Options;
using Monitor.Core.References;

namespace Monitor.Registry.Configuration;

/// <summary>Fails start-up with one message per broken setting; never echoes a password.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string Section = RegistryOptions.SectionName;

        Positive(errors, $"{Section}:MaxConcurrency", options.MaxConcurrency);
        Positive(errors, $"{Section}:RequestsPerSecond", options.RequestsPerSecond);
        Positive(errors, $"{Section}:RequestTimeout", options.RequestTimeout);
        Positive(errors, $"{Section}:TotalRequestTimeout", options.TotalRequestTimeout);
        if (options.TotalRequestTimeout < options.RequestTimeout)
        {
            errors.Add($"{Section}:TotalRequestTimeout must not be shorter than {Section}:RequestTimeout");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{Section}:MaxRetries must be between 0 and 10");
        }

        Positive(errors, $"{Section}:RetryBaseDelay", options.RetryBaseDelay);
        NotNegative(errors, $"{Section}:MaxRetryAfterWait", options.MaxRetryAfterWait);
        Positive(errors, $"{Section}:DefaultRetryAfter", options.DefaultRetryAfter);
        Positive(errors, $"{Section}:MaxManifestBytes", options.MaxManifestBytes);
        Positive(errors, $"{Section}:MaxSmallBodyBytes", options.MaxSmallBodyBytes);
        Positive(errors, $"{Section}:MaxTagPageBytes", options.MaxTagPageBytes);
        Positive(errors, $"{Section}:TagPageSize", options.TagPageSize);
        Positive(errors, $"{Section}:MaxTagPages", options.MaxTagPages);

        var breaker = options.CircuitBreaker;
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            errors.Add($"{Section}:CircuitBreaker:FailureRatio must be greater than 0 and at most 1");
        }

        if (breaker.MinimumThroughput < 2)
        {
            errors.Add($"{Section}:CircuitBreaker:MinimumThroughput must be at least 2");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{Section}:CircuitBreaker:SamplingDuration and BreakDuration must be at least 0.5 s");
        }

        var hub = options.DockerHub;
        if (!hub.ApiBaseUrl.IsAbsoluteUri || hub.ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            errors.Add($"{Section}:DockerHub:ApiBaseUrl must be an absolute http(s) URL");
        }

        if (hub.PageSize is < 1 or > 100)
        {
            errors.Add($"{Section}:DockerHub:PageSize must be between 1 and 100");
        }

        Positive(errors, $"{Section}:DockerHub:MaxPages", hub.MaxPages);
        Positive(errors, $"{Section}:DockerHub:MaxConcurrency", hub.MaxConcurrency);
        Positive(errors, $"{Section}:DockerHub:RequestsPerSecond", hub.RequestsPerSecond);

        Positive(errors, $"{Section}:MaxHistoryPages", options.MaxHistoryPages);
        foreach (var (vendorName, vendor) in new[] { ("Gcr", options.Gcr), ("Quay", options.Quay), ("Mcr", options.Mcr), ("Ghcr", options.Ghcr) })
        {
            Positive(errors, $"{Section}:{vendorName}:MaxPages", vendor.MaxPages);
        }

        foreach (var insecure in options.Insecure)
        {
            if (!IsRegistryHost(insecure))
            {
                errors.Add($"{Section}:Insecure: '{insecure}' is not a registry host[:port]");
            }
        }

        foreach (var (key, host) in options.Hosts)
        {
            ValidateHost(errors, $"{Section}:Hosts:{key}", host.Host ?? key, host);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateHost(List<string> errors, string path, string registry, RegistryHostOptions host)
    {
        if (!IsRegistryHost(registry))
        {
            errors.Add($"{path}: '{registry}' is not a registry host[:port] (for a host with a port, set {path}:Host)");
        }

        var hasUser = !string.IsNullOrEmpty(host.Username);
        var hasPassword = !string.IsNullOrEmpty(host.Password);
        if (hasUser != hasPassword)
        {
            errors.Add(hasUser ? $"{path}: Username is set but Password is empty" : $"{path}: Password is set but Username is empty");
        }

        if (host.MaxConcurrency is <= 0)
        {
            errors.Add($"{path}:MaxConcurrency must be positive");
        }

        if (host.RequestsPerSecond is <= 0)
        {
            errors.Add($"{path}:RequestsPerSecond must be positive");
        }

        if (host.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors.Add($"{path}:Kind must be one of {string.Join(", ", Enum.GetNames<RegistryKind>())}");
        }

        if (host.ApiBaseUrl is { } api && (!api.IsAbsoluteUri || api.Scheme is not ("https" or "http")))
        {
            errors.Add($"{path}:ApiBaseUrl must be an absolute http(s) URL");
        }

        if (!string.IsNullOrEmpty(host.ApiToken) && (host.Kind ?? RegistryKinds.ByHost(registry)) != RegistryKind.Ghcr)
        {
            errors.Add($"{path}:ApiToken is only used for GHCR (set {path}:Kind to Ghcr for a GHCR host by another name)");
        }
    }

    private static bool IsRegistryHost(string host) =>
        RegistryHostNames.IsDockerHub(host)
        || (ImageReference.TryParse(host + "/probe", out var reference, out _)
            && string.Equals(reference.Registry, host, StringComparison.OrdinalIgnoreCase));

    private static void Positive(List<string> errors, string path, double value)
    {
        if (value <= 0)
        {
            errors.Add($"{path} must be positive");
        }
    }

    private static void Positive(List<string> errors, string path, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{path} must be positive");
        }
    }

    private static void NotNegative(List<string> errors, string path, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{path} must not be negative");
        }
    }
}
