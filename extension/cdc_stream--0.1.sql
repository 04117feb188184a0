-- cdc_stream extension, version 0.1
\echo Use "CREATE EXTENSION cdc_stream" to load this file. \quit
