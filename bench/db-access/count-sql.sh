#!/bin/bash
# counts under the hub's main sources: SQL-holding classes, untyped rows, raw JDBC files, native queries
cd "$1"
echo "sql=$(grep -rlE '"\s*(select|insert|update|delete|with|lock|create|alter|drop|truncate)\s|createNativeQuery|^\s*(select|insert|update|delete) ' --include=*.java . | wc -l)"
echo "rows=$(grep -rnE 'List<Object\[\]>|for \(Object\[\] ' --include=*.java . | wc -l)"
echo "jdbc=$(grep -rlE 'prepareStatement\(|createStatement\(|prepareCall\(' --include=*.java . | wc -l)"
echo "native=$(grep -rn 'createNativeQuery' --include=*.java . | wc -l)"
echo "entities=$(grep -rl 'extends PanacheEntity' --include=*.java . | wc -l)"
