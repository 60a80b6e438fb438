package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandlerTest {
    @Test
    void greets() {
        assertEquals("hello ada", new Handler().handleRequest("ada", null));
    }
}
