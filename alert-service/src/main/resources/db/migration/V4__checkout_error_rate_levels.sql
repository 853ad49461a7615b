-- The e-commerce pack's CheckoutErrorRate counted level IN ('error', 'fatal'), but the pipeline stores levels upper
-- case, so installed copies could never fire. Rewrite exactly that filter wherever a stored rule still carries it
-- (installed from the pack or copied from it); any other edit of the rule is kept.
UPDATE alert_rule
   SET spec = replace(spec, 'level IN (''error'', ''fatal'')', 'level IN (''ERROR'', ''FATAL'')'),
       version = version + 1,
       updated_at = now()
 WHERE spec LIKE '%level IN (''error'', ''fatal'')%';
