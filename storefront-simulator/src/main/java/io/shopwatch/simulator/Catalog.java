package io.shopwatch.simulator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** The simulated shop's products: a small, fixed catalogue so that dashboards show recognisable names. */
final class Catalog {

    record Product(String id, String name, String category, BigDecimal price) {}

    static final String CURRENCY = "EUR";

    static final List<Product> PRODUCTS = List.of(
            new Product("p-1001", "Trail running shoes", "shoes", new BigDecimal("89.90")),
            new Product("p-1002", "Leather boots", "shoes", new BigDecimal("149.00")),
            new Product("p-1003", "Canvas sneakers", "shoes", new BigDecimal("39.95")),
            new Product("p-2001", "Merino sweater", "knitwear", new BigDecimal("79.00")),
            new Product("p-2002", "Cotton cardigan", "knitwear", new BigDecimal("54.50")),
            new Product("p-3001", "Rain jacket", "outerwear", new BigDecimal("129.00")),
            new Product("p-3002", "Down parka", "outerwear", new BigDecimal("249.00")),
            new Product("p-4001", "Organic T-shirt", "basics", new BigDecimal("19.99")),
            new Product("p-4002", "Socks, 5 pairs", "basics", new BigDecimal("14.99")),
            new Product("p-4003", "Slim chinos", "basics", new BigDecimal("59.00")),
            new Product("p-5001", "Weekender bag", "accessories", new BigDecimal("119.00")),
            new Product("p-5002", "Wool scarf", "accessories", new BigDecimal("34.90")));

    static final List<String> CATEGORIES = List.of("shoes", "knitwear", "outerwear", "basics", "accessories");

    static final List<String> QUERIES = List.of(
            "running shoes",
            "boots",
            "merino",
            "rain jacket",
            "parka",
            "t-shirt",
            "socks",
            "chinos",
            "bag",
            "scarf",
            "winter sale",
            "gift");

    private Catalog() {}

    static Product any(Random random) {
        return PRODUCTS.get(random.nextInt(PRODUCTS.size()));
    }

    static List<Product> inCategory(String category) {
        return PRODUCTS.stream().filter(p -> p.category().equals(category)).toList();
    }
}
