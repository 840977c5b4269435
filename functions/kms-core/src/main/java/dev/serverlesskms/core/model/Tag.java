package dev.serverlesskms.core.model;

/** A resource tag ({@code TagKey}, {@code TagValue} on the wire). */
public record Tag(String tagKey, String tagValue) {}
