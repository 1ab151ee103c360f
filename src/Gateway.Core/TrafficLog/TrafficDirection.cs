namespace Gateway.Core.TrafficLog;

/// <summary>Which way a line travelled, as seen from the gateway; the label is what the log shows.</summary>
public enum TrafficDirection
{
    /// <summary>Client (Outlook) to gateway; logged as <c>C:</c>.</summary>
    FromClient,

    /// <summary>Gateway to client; logged as <c>S:</c>.</summary>
    ToClient,

    /// <summary>Gateway to upstream server; logged as <c>G:</c>.</summary>
    ToUpstream,

    /// <summary>Upstream server to gateway; logged as <c>U:</c>.</summary>
    FromUpstream,
}
