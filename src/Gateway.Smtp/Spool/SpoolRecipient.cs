namespace Gateway.Smtp.Spool;

/// <summary>One recipient of a spooled message: still to deliver, or failed for good with the server's reply.</summary>
public sealed record SpoolRecipient(string Address, bool Failed = false, string? Reply = null);
