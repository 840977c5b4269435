package dev.serverlesskms.core.api;

/** One entry of ListKeys. */
public record KeyListEntry(String keyId, String keyArn) {}
