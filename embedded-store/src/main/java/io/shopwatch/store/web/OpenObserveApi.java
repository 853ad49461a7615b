package io.shopwatch.store.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controllers of OpenObserve's API: they require the root user's Basic credentials and answer errors in
 * OpenObserve's JSON shape ({@code {"code":..,"message":..}}), not ShopWatch's problem+json.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface OpenObserveApi {}
