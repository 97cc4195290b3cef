using System.Text;

namespace Monitor.Registry.Auth;

/// <summary>A username and password (or access token) for one registry. <see cref="ToString"/> never shows the password.</summary>
public sealed class RegistryCredential(string username, string password)
{
    public string Username { get; } = username;

    public string Password { get; } = password;

    /// <summary>Base64 of <c>user:password</c>, for <c>Authorization: Basic</c>.</summary>
    internal string BasicParameter => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"{Username}:***";
}
