namespace BlazorMedia.Security;

/// <summary>A service refused the caller. The message is written for the user: it says what they may not do.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
